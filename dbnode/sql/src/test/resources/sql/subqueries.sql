-- Subqueries: scalar, IN / NOT IN with NULLs, EXISTS / NOT EXISTS, correlated at one and two levels,
-- = ANY / ALL, in FROM with aliases and column aliases, in the SELECT list and in HAVING. PostgreSQL 16 results.

CREATE TABLE dept (id INTEGER PRIMARY KEY, name TEXT, budget INTEGER);
-- expect: ok

CREATE TABLE emp (id INTEGER PRIMARY KEY, name TEXT, dept_id INTEGER, salary INTEGER, boss INTEGER);
-- expect: ok

INSERT INTO dept VALUES (1, 'eng', 1000), (2, 'ops', 500), (3, 'hr', NULL), (4, 'empty', 10);
-- expect: rowsAffected 4

INSERT INTO emp VALUES (1, 'ann', 1, 300, NULL), (2, 'bob', 1, 200, 1), (3, 'cyd', 2, 250, 1), (4, 'dee', 2, 100, 3), (5, 'eve', NULL, 150, 1), (6, 'fay', 3, NULL, 1);
-- expect: rowsAffected 6

-- Scalar subqueries.
SELECT (SELECT max(salary) FROM emp);
-- expect columns: max
-- expect rows:
-- 300

SELECT name FROM emp WHERE salary = (SELECT max(salary) FROM emp);
-- expect rows:
-- ann

SELECT (SELECT name FROM emp WHERE id = 99) IS NULL;
-- expect rows:
-- t

SELECT (SELECT id FROM emp);
-- expect error: 21000 more than one row returned by a subquery used as an expression

SELECT (SELECT id, name FROM emp WHERE id = 1);
-- expect error: 42601 subquery must return only one column

-- IN and NOT IN.
SELECT name FROM emp WHERE dept_id IN (SELECT id FROM dept WHERE budget >= 500) ORDER BY name;
-- expect rows:
-- ann
-- bob
-- cyd
-- dee

SELECT name FROM dept WHERE id NOT IN (SELECT dept_id FROM emp WHERE dept_id IS NOT NULL) ORDER BY name;
-- expect rows:
-- empty

-- A NULL in the subquery's result makes NOT IN unknown for every row that is not in it.
SELECT name FROM dept WHERE id NOT IN (SELECT dept_id FROM emp);
-- expect empty

SELECT name FROM dept WHERE NOT (id NOT IN (SELECT dept_id FROM emp)) ORDER BY id;
-- expect rows:
-- eng
-- ops
-- hr

-- NULL IN (non-empty) is NULL; NULL NOT IN (empty) is true.
SELECT NULL IN (SELECT id FROM dept), NULL NOT IN (SELECT id FROM dept WHERE id > 100), 1 IN (SELECT dept_id FROM emp), 9 IN (SELECT dept_id FROM emp);
-- expect rows:
-- NULL | t | t | NULL

-- EXISTS / NOT EXISTS, correlated.
SELECT d.name FROM dept d WHERE EXISTS (SELECT 1 FROM emp e WHERE e.dept_id = d.id) ORDER BY d.id;
-- expect rows:
-- eng
-- ops
-- hr

SELECT d.name FROM dept d WHERE NOT EXISTS (SELECT 1 FROM emp e WHERE e.dept_id = d.id);
-- expect rows:
-- empty

-- Correlated scalar subquery in the SELECT list and in WHERE.
SELECT d.name, (SELECT count(*) FROM emp e WHERE e.dept_id = d.id) AS n FROM dept d ORDER BY d.id;
-- expect columns: name, n
-- expect rows:
-- eng | 2
-- ops | 2
-- hr | 1
-- empty | 0

SELECT e.name FROM emp e WHERE e.salary > (SELECT avg(salary) FROM emp x WHERE x.dept_id = e.dept_id) ORDER BY e.name;
-- expect rows:
-- ann
-- cyd

-- Correlated two levels deep: the innermost query reads the outermost row.
SELECT d.name FROM dept d WHERE EXISTS (SELECT 1 FROM emp e WHERE e.dept_id = d.id AND EXISTS (SELECT 1 FROM emp b WHERE b.id = e.boss AND b.dept_id <> d.id)) ORDER BY d.id;
-- expect rows:
-- ops
-- hr

SELECT d.name, (SELECT max((SELECT count(*) FROM emp r WHERE r.boss = e.id AND r.dept_id = d.id)) FROM emp e) AS m FROM dept d ORDER BY d.id;
-- expect rows:
-- eng | 1
-- ops | 1
-- hr | 1
-- empty | 0

-- = ANY, <> ALL, > ALL, < ANY.
SELECT name FROM emp WHERE dept_id = ANY (SELECT id FROM dept WHERE name LIKE 'e%') ORDER BY name;
-- expect rows:
-- ann
-- bob

SELECT name FROM emp WHERE salary > ALL (SELECT salary FROM emp WHERE dept_id = 2) ORDER BY name;
-- expect rows:
-- ann

-- ALL over a result holding NULL is never true, but can be false.
SELECT name FROM emp WHERE salary > ALL (SELECT salary FROM emp) ORDER BY name;
-- expect empty

SELECT count(*) FROM emp WHERE NOT (salary < ALL (SELECT salary FROM emp WHERE dept_id = 1));
-- expect rows:
-- 3

SELECT 5 > ALL (SELECT id FROM dept WHERE id > 100), 5 = ANY (SELECT id FROM dept WHERE id > 100);
-- expect rows:
-- t | f

SELECT name FROM emp WHERE salary < ANY (SELECT salary FROM emp WHERE dept_id = 2) ORDER BY name;
-- expect rows:
-- bob
-- dee
-- eve

-- In FROM, with an alias and column aliases.
SELECT s.dname, s.total FROM (SELECT d.name, sum(e.salary) FROM dept d JOIN emp e ON e.dept_id = d.id GROUP BY d.name) AS s (dname, total) ORDER BY s.total DESC NULLS LAST;
-- expect columns: dname, total
-- expect rows:
-- eng | 500
-- ops | 350
-- hr | NULL

SELECT x.a + x.b AS c FROM (SELECT 1 AS a, 2 AS b) x;
-- expect columns: c
-- expect rows:
-- 3

SELECT t.n FROM (SELECT count(*) FROM emp) t (n);
-- expect rows:
-- 6

SELECT z.* FROM (SELECT id, name FROM dept WHERE id < 3) z ORDER BY 1;
-- expect columns: id, name
-- expect rows:
-- 1 | eng
-- 2 | ops

-- In HAVING.
SELECT dept_id, count(*) FROM emp GROUP BY dept_id HAVING count(*) > (SELECT count(*) FROM dept WHERE budget IS NULL) ORDER BY dept_id;
-- expect rows:
-- 1 | 2
-- 2 | 2

SELECT dept_id FROM emp e GROUP BY dept_id HAVING max(salary) >= ALL (SELECT salary FROM emp WHERE salary IS NOT NULL);
-- expect rows:
-- 1

-- The issue's example: FALSE AND ... OR TRUE is TRUE.
SELECT 1 WHERE FALSE AND 1 IN (1) OR TRUE;
-- expect rows:
-- 1

SELECT 1 WHERE FALSE AND 1 NOT IN (1) OR TRUE;
-- expect rows:
-- 1

SELECT 1 WHERE FALSE AND 1 IN (SELECT 1) OR TRUE;
-- expect rows:
-- 1

SELECT 1 WHERE FALSE AND 1 NOT IN (SELECT 1) OR TRUE;
-- expect rows:
-- 1

SELECT count(*) FROM emp WHERE FALSE AND id IN (1, 2) OR salary > 200;
-- expect rows:
-- 2
