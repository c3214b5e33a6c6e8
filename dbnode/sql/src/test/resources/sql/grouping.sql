-- GROUP BY with HAVING, by position and by alias; DISTINCT; count(DISTINCT); string_agg; bool_and;
-- LIMIT / OFFSET with parameters. PostgreSQL 16 results.

CREATE TABLE s (id INTEGER PRIMARY KEY, region TEXT, product TEXT, qty INTEGER, ok BOOLEAN);
-- expect: ok

INSERT INTO s VALUES (1, 'n', 'apple', 10, true), (2, 'n', 'pear', 5, true), (3, 's', 'apple', 7, false), (4, 's', 'apple', NULL, true), (5, 'e', 'fig', 1, NULL), (6, 'n', 'apple', 3, true);
-- expect: ok

SELECT region, sum(qty) FROM s GROUP BY 1 ORDER BY 1;
-- expect columns: region, sum
-- expect rows:
-- e | 1
-- n | 18
-- s | 7

SELECT upper(region) AS r, count(*) AS n FROM s GROUP BY r HAVING count(*) > 1 ORDER BY n DESC;
-- expect rows:
-- N | 3
-- S | 2

SELECT region, count(*) FROM s GROUP BY region HAVING sum(qty) > 5 AND min(qty) >= 3 ORDER BY region;
-- expect rows:
-- n | 3
-- s | 2

-- HAVING without GROUP BY: one group or none.
SELECT count(*) FROM s HAVING count(*) > 100;
-- expect empty

SELECT count(*) FROM s HAVING count(*) > 1;
-- expect rows:
-- 6

SELECT region, product, count(*) FROM s GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2;
-- expect rows:
-- n | apple | 2
-- s | apple | 2
-- e | fig | 1
-- n | pear | 1

SELECT qty / 5 AS bucket, count(*) FROM s GROUP BY bucket ORDER BY bucket;
-- expect rows:
-- 0 | 2
-- 1 | 2
-- 2 | 1
-- NULL | 1

SELECT region FROM s GROUP BY 3;
-- expect error: 42P10 GROUP BY position 3 is not in select list

SELECT region, qty FROM s GROUP BY region;
-- expect error: 42803 must appear in the GROUP BY clause or be used in an aggregate function

-- Grouping by the primary key makes the other columns usable (functional dependency).
SELECT id, region FROM s GROUP BY id ORDER BY id LIMIT 2;
-- expect rows:
-- 1 | n
-- 2 | n

SELECT s.id, upper(s.region), count(*) FROM s GROUP BY id HAVING s.qty > 5 ORDER BY 1;
-- expect rows:
-- 1 | N | 1
-- 3 | S | 1

SELECT s.region, count(*) FROM s GROUP BY region ORDER BY 1;
-- expect rows:
-- e | 1
-- n | 3
-- s | 2

-- DISTINCT and count(DISTINCT).
SELECT DISTINCT product FROM s ORDER BY product;
-- expect rows:
-- apple
-- fig
-- pear

SELECT count(DISTINCT product), count(DISTINCT region), count(DISTINCT qty), count(qty) FROM s;
-- expect rows:
-- 3 | 3 | 5 | 5

SELECT region, count(DISTINCT product) FROM s GROUP BY region ORDER BY region;
-- expect rows:
-- e | 1
-- n | 2
-- s | 1

SELECT DISTINCT ok FROM s ORDER BY ok;
-- expect rows:
-- f
-- t
-- NULL

SELECT DISTINCT region, product FROM s ORDER BY qty;
-- expect error: 42P10 for SELECT DISTINCT, ORDER BY expressions must appear in select list

-- string_agg, bool_and, bool_or.
-- ORDER BY inside an aggregate call is not supported yet (PostgreSQL: e | fig, n | apple+pear+apple, s | apple+apple).
SELECT region, string_agg(product, '+' ORDER BY id) FROM s GROUP BY region ORDER BY region;
-- expect error: 0A000

SELECT region, string_agg(product, '+') FROM s GROUP BY region ORDER BY region;
-- expect rows:
-- e | fig
-- n | apple+pear+apple
-- s | apple+apple

SELECT region, bool_and(ok), bool_or(ok), every(ok) FROM s GROUP BY region ORDER BY region;
-- expect rows:
-- e | NULL | NULL | NULL
-- n | t | t | t
-- s | f | t | f

SELECT string_agg(product, ',') FROM s WHERE id > 100;
-- expect rows:
-- NULL

SELECT sum(qty), avg(qty), count(CASE WHEN qty > 4 THEN 1 END) FROM s;
-- expect rows:
-- 26 | 5.2000000000000000 | 3

-- An aggregate's FILTER clause is not supported yet (PostgreSQL: 3).
SELECT count(*) FILTER (WHERE qty > 4) FROM s;
-- expect error: 0A000

-- LIMIT and OFFSET as parameters.
SELECT id FROM s ORDER BY id LIMIT $1 OFFSET $2;
-- params: [2, 3]
-- expect rows:
-- 4
-- 5

SELECT id FROM s ORDER BY id LIMIT $1;
-- params: [null]
-- expect rows:
-- 1
-- 2
-- 3
-- 4
-- 5
-- 6

SELECT id FROM s ORDER BY id OFFSET $1;
-- params: [-1]
-- expect error: 2201X OFFSET must not be negative

SELECT id FROM s ORDER BY id LIMIT ALL OFFSET 5;
-- expect rows:
-- 6

SELECT id FROM s ORDER BY id FETCH FIRST 2 ROWS ONLY;
-- expect rows:
-- 1
-- 2
