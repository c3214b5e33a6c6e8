-- Three-valued logic: comparisons with NULL are unknown, WHERE keeps only TRUE, aggregates skip NULLs.
-- Ported from the old engine's corpus; changed for PostgreSQL semantics: NULLs sort LAST ascending (the NULL
-- group and the DISTINCT NULL come last); avg of integers is numeric (2.0000000000000000).

CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER, b TEXT);
-- expect: ok

INSERT INTO t VALUES (1, 1, 'x'), (2, NULL, 'y'), (3, 3, NULL), (4, NULL, NULL);
-- expect: rowsAffected 4

-- NULL = NULL is unknown, not true.
SELECT id FROM t WHERE a = NULL;
-- expect empty

SELECT id FROM t WHERE NULL = NULL;
-- expect empty

SELECT id FROM t WHERE a <> 1 ORDER BY id;
-- expect rows:
-- 3

-- NOT unknown is unknown.
SELECT id FROM t WHERE NOT (a = 1) ORDER BY id;
-- expect rows:
-- 3

SELECT id FROM t WHERE a IS NULL ORDER BY id;
-- expect rows:
-- 2
-- 4

SELECT id FROM t WHERE a IS NOT NULL AND b IS NOT NULL;
-- expect rows:
-- 1

-- unknown OR true is true; unknown AND false is false.
SELECT id FROM t WHERE a = 1 OR b = 'y' ORDER BY id;
-- expect rows:
-- 1
-- 2

-- Row 4 is NOT (unknown AND unknown) = unknown, so it is left out.
SELECT id FROM t WHERE NOT (a = 5 AND b = 'zzz') ORDER BY id;
-- expect rows:
-- 1
-- 2
-- 3

-- IN with a NULL in the list: no match gives unknown, so NOT IN keeps nothing.
SELECT id FROM t WHERE a IN (1, NULL);
-- expect rows:
-- 1

SELECT id FROM t WHERE a NOT IN (1, NULL);
-- expect empty

SELECT id FROM t WHERE a BETWEEN 0 AND 5 ORDER BY id;
-- expect rows:
-- 1
-- 3

SELECT id FROM t WHERE b LIKE '%';
-- expect rows:
-- 1
-- 2

-- Expressions over NULL are NULL.
SELECT a + 1, b || '!', LOWER(b), ABS(a), a = NULL, a IS NULL FROM t WHERE id = 4;
-- expect json: [[null, null, null, null, null, true]]

SELECT COALESCE(a, -1), COALESCE(b, 'none') FROM t ORDER BY id;
-- expect rows:
-- 1 | x
-- -1 | y
-- 3 | none
-- -1 | none

-- Aggregates skip NULLs; COUNT(*) counts rows.
SELECT COUNT(*), COUNT(a), COUNT(b), SUM(a), AVG(a), MIN(a), MAX(a) FROM t;
-- expect json: [[4, 2, 2, 4, 2.0, 1, 3]]

SELECT COUNT(*), COUNT(a), SUM(a), AVG(a), MIN(b), MAX(b) FROM t WHERE a IS NULL;
-- expect json: [[2, 0, null, null, "y", "y"]]

-- Over no rows: COUNT is 0, the others NULL.
SELECT COUNT(*), SUM(a), MAX(b) FROM t WHERE id > 100;
-- expect json: [[0, null, null]]

-- NULLs form one group.
SELECT a, COUNT(*) FROM t GROUP BY a ORDER BY a;
-- expect rows:
-- 1 | 1
-- 3 | 1
-- NULL | 2

-- CASE: an unknown condition takes the ELSE branch.
SELECT id, CASE WHEN a > 2 THEN 'big' ELSE 'other' END FROM t ORDER BY id;
-- expect rows:
-- 1 | other
-- 2 | other
-- 3 | big
-- 4 | other

-- DISTINCT treats NULLs as equal.
SELECT DISTINCT a FROM t ORDER BY a;
-- expect rows:
-- 1
-- 3
-- NULL

-- A strict operator with a NULL constant operand is NULL without evaluating the other operands, as
-- PostgreSQL's planner folds it: no division by zero here, and no row passes.
SELECT a FROM t WHERE a / 0 = NULL;
-- expect empty

SELECT a / 0 + NULL, length(NULL), NULL || 'x', a FROM t WHERE a = 1;
-- expect rows:
-- NULL | NULL | NULL | 1

-- Without the NULL constant the division is evaluated, and fails.
SELECT a FROM t WHERE a / 0 = 1;
-- expect error: 22012
