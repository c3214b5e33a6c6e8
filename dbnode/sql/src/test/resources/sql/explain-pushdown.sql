-- EXPLAIN: each table's own conditions are checked on its scan (pushed below the joins), equalities between
-- tables become hash joins, conditions over two tables sit on the join that brings the second in.

CREATE TABLE a (id INTEGER PRIMARY KEY, v INTEGER);
-- expect: ok

CREATE TABLE b (id INTEGER PRIMARY KEY, v INTEGER);
-- expect: ok

CREATE TABLE c (id INTEGER PRIMARY KEY, v INTEGER);
-- expect: ok

INSERT INTO a VALUES (1, 5), (2, 5), (3, 6), (4, 5);
-- expect: ok

INSERT INTO b VALUES (1, 7), (2, 7), (3, 7), (4, 8);
-- expect: ok

INSERT INTO c VALUES (1, 9), (2, 0), (3, 9), (4, 9);
-- expect: ok

EXPLAIN SELECT COUNT(*) FROM a, b, c WHERE a.v=5 AND b.v=7 AND c.v=9 AND a.id=b.id AND b.id=c.id;
-- expect plan: SCAN a: FULL SCAN FILTER (a.v = 5)
-- expect plan: SCAN b: FULL SCAN FILTER (b.v = 7)
-- expect plan: SCAN c: FULL SCAN FILTER (c.v = 9)
-- expect plan: HASH JOIN INNER ON (a.id = b.id)
-- expect plan: HASH JOIN INNER ON (b.id = c.id)
-- expect no plan: NESTED LOOP
-- expect no plan: FILTER (a.v = 5) AND

SELECT COUNT(*) FROM a, b, c WHERE a.v=5 AND b.v=7 AND c.v=9 AND a.id=b.id AND b.id=c.id;
-- expect rows:
-- 1

-- The same with JOIN ... ON.
EXPLAIN SELECT a.id FROM a JOIN b ON a.id = b.id JOIN c ON c.id = b.id WHERE a.v = 5 AND c.v = 9;
-- expect plan: SCAN a: FULL SCAN FILTER (a.v = 5)
-- expect plan: SCAN c: FULL SCAN FILTER (c.v = 9)
-- expect plan: HASH JOIN
-- expect no plan: NESTED LOOP

SELECT a.id FROM a JOIN b ON a.id = b.id JOIN c ON c.id = b.id WHERE a.v = 5 AND c.v = 9 ORDER BY a.id;
-- expect rows:
-- 1
-- 4

-- A condition over two tables that is not an equality stays on their join.
EXPLAIN SELECT count(*) FROM a, b WHERE a.v < b.v AND a.id = 1;
-- expect plan: SCAN a: PRIMARY KEY LOOKUP (a.id = 1)
-- expect plan: NESTED LOOP INNER ON (a.v < b.v)

-- A condition on the preserved side of a LEFT join goes below it; one on the nullable side stays above.
EXPLAIN SELECT a.id FROM a LEFT JOIN b ON a.id = b.id WHERE a.v = 5 AND b.v IS NULL;
-- expect plan: SCAN a: FULL SCAN FILTER (a.v = 5)
-- expect plan: FILTER (b.v IS NULL)
-- expect plan: HASH JOIN LEFT ON (a.id = b.id)

SELECT a.id FROM a LEFT JOIN b ON a.id = b.id AND b.v = 8 WHERE a.v = 5 AND b.v IS NULL ORDER BY a.id;
-- expect rows:
-- 1
-- 2

-- Constant conditions are checked once, above the scans.
EXPLAIN SELECT 1 WHERE FALSE AND 1 IN (1) OR TRUE;
-- expect plan: ONE ROW

-- Into subqueries in FROM.
EXPLAIN SELECT x.id FROM (SELECT id, v FROM a) x WHERE x.v = 6;
-- expect plan: SUBQUERY x FILTER (x.v = 6)

SELECT x.id FROM (SELECT id, v FROM a) x WHERE x.v = 6;
-- expect rows:
-- 3

-- Subqueries show as their own plans.
EXPLAIN SELECT id FROM a WHERE v IN (SELECT v FROM b WHERE b.id = a.id);
-- expect plan: SUBQUERY (for each row)

EXPLAIN SELECT id FROM a WHERE v > (SELECT min(v) FROM c);
-- expect plan: SUBQUERY (once)
