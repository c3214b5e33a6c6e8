-- UNION / UNION ALL / INTERSECT [ALL] / EXCEPT [ALL], with ORDER BY and LIMIT on the whole and on
-- parenthesized parts. PostgreSQL 16 results.

CREATE TABLE a (x INTEGER);
-- expect: ok

CREATE TABLE b (y INTEGER);
-- expect: ok

INSERT INTO a VALUES (1), (1), (2), (3), (NULL), (NULL);
-- expect: rowsAffected 6

INSERT INTO b VALUES (1), (3), (3), (4), (NULL);
-- expect: rowsAffected 5

SELECT x FROM a UNION SELECT y FROM b ORDER BY x;
-- expect columns: x
-- expect rows:
-- 1
-- 2
-- 3
-- 4
-- NULL

SELECT x FROM a UNION ALL SELECT y FROM b ORDER BY 1 DESC;
-- expect rows:
-- NULL
-- NULL
-- NULL
-- 4
-- 3
-- 3
-- 3
-- 2
-- 1
-- 1
-- 1

SELECT x FROM a INTERSECT SELECT y FROM b ORDER BY x;
-- expect rows:
-- 1
-- 3
-- NULL

SELECT x FROM a INTERSECT ALL SELECT y FROM b ORDER BY x;
-- expect rows:
-- 1
-- 3
-- NULL

SELECT x FROM a EXCEPT SELECT y FROM b ORDER BY x;
-- expect rows:
-- 2

SELECT x FROM a EXCEPT ALL SELECT y FROM b ORDER BY x;
-- expect rows:
-- 1
-- 2
-- NULL

SELECT y FROM b EXCEPT ALL SELECT x FROM a ORDER BY y;
-- expect rows:
-- 3
-- 4

-- ORDER BY and LIMIT apply to the whole result.
SELECT x FROM a UNION SELECT y FROM b ORDER BY x DESC LIMIT 2;
-- expect rows:
-- NULL
-- 4

SELECT x FROM a WHERE x IS NOT NULL UNION ALL SELECT y FROM b WHERE y IS NOT NULL ORDER BY x LIMIT 3 OFFSET 2;
-- expect rows:
-- 1
-- 2
-- 3

-- Parenthesized parts keep their own ORDER BY / LIMIT.
(SELECT x FROM a WHERE x IS NOT NULL ORDER BY x DESC LIMIT 1) UNION ALL (SELECT y FROM b ORDER BY y LIMIT 1);
-- expect rows (any order):
-- 3
-- 1

(SELECT x FROM a ORDER BY x LIMIT 2) UNION (SELECT y FROM b ORDER BY y DESC NULLS LAST LIMIT 2) ORDER BY 1;
-- expect rows:
-- 1
-- 3
-- 4

-- INTERSECT binds tighter than UNION.
SELECT 1 UNION SELECT 2 INTERSECT SELECT 3 ORDER BY 1;
-- expect rows:
-- 1

SELECT 1 EXCEPT SELECT 1 UNION SELECT 2;
-- expect rows:
-- 2

-- Column names come from the first part; types are unified.
SELECT 1 AS one, 'a' AS letter UNION ALL SELECT 2.5, 'b' ORDER BY one;
-- expect columns: one, letter
-- expect rows:
-- 1 | a
-- 2.5 | b

SELECT 1 UNION SELECT 'x';
-- expect error: 22P02 invalid input syntax for type integer: "x"

SELECT 1, 2 UNION SELECT 3;
-- expect error: 42601 each UNION query must have the same number of columns

SELECT x FROM a UNION SELECT y FROM b ORDER BY y;
-- expect error: 42703

-- A set operation in a subquery and in FROM.
SELECT count(*) FROM (SELECT x FROM a UNION SELECT y FROM b) u;
-- expect rows:
-- 5

SELECT x FROM a WHERE x IN (SELECT y FROM b EXCEPT SELECT 3) ORDER BY x;
-- expect rows:
-- 1
-- 1
