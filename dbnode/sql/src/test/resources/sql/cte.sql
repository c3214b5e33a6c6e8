-- WITH: several CTEs, a CTE used twice, a CTE reading an earlier one, shadowing a table, column lists.
-- PostgreSQL 16 results.

CREATE TABLE items (id INTEGER PRIMARY KEY, grp TEXT, v INTEGER);
-- expect: ok

INSERT INTO items VALUES (1, 'a', 10), (2, 'a', 20), (3, 'b', 5), (4, 'c', NULL);
-- expect: rowsAffected 4

WITH totals AS (SELECT grp, sum(v) AS s FROM items GROUP BY grp), big AS (SELECT grp FROM totals WHERE s > 6)
SELECT t.grp, t.s FROM totals t JOIN big USING (grp) ORDER BY t.grp;
-- expect rows:
-- a | 30

-- The same CTE twice.
WITH t AS (SELECT id, v FROM items WHERE v IS NOT NULL)
SELECT x.id, y.id FROM t x JOIN t y ON x.v * 2 = y.v ORDER BY x.id;
-- expect rows:
-- 1 | 2
-- 3 | 1

-- A CTE shadows a table of the same name.
WITH items AS (SELECT 42 AS id)
SELECT id FROM items;
-- expect rows:
-- 42

-- A column list renames the CTE's columns.
WITH c (k, n) AS (SELECT grp, count(*) FROM items GROUP BY grp)
SELECT k, n FROM c ORDER BY n DESC, k;
-- expect columns: k, n
-- expect rows:
-- a | 2
-- b | 1
-- c | 1

-- An inner WITH shadows an outer one.
WITH x AS (SELECT 1 AS n)
SELECT (WITH x AS (SELECT 2 AS n) SELECT n FROM x), n FROM x;
-- expect rows:
-- 2 | 1

-- CTEs are visible in subqueries of the main query.
WITH a_items AS (SELECT id FROM items WHERE grp = 'a')
SELECT id FROM items WHERE id NOT IN (SELECT id FROM a_items) ORDER BY id;
-- expect rows:
-- 3
-- 4

WITH x AS (SELECT 1 AS n), x AS (SELECT 2 AS n) SELECT n FROM x;
-- expect error: 42712 WITH query name "x" specified more than once

WITH x AS (SELECT 1 AS n) SELECT m FROM x;
-- expect error: 42703

-- A CTE in INSERT ... SELECT.
CREATE TABLE copy (id INTEGER, v INTEGER);
-- expect: ok

INSERT INTO copy WITH src AS (SELECT id, v FROM items WHERE v > 5) SELECT id, v FROM src;
-- expect: rowsAffected 2

SELECT * FROM copy ORDER BY id;
-- expect rows:
-- 1 | 10
-- 2 | 20

WITH RECURSIVE r (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 3) SELECT n FROM r;
-- expect error: 0A000
