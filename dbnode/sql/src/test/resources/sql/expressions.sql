-- Three-valued logic, CASE, COALESCE, NULLIF, LIKE / ILIKE / ESCAPE, BETWEEN SYMMETRIC, IS DISTINCT FROM,
-- result column names. PostgreSQL 16 results.

SELECT NULL AND FALSE, NULL AND TRUE, NULL OR TRUE, NULL OR FALSE, NOT NULL::boolean;
-- expect rows:
-- f | NULL | t | NULL | NULL

SELECT NULL = NULL, NULL <> 1, 1 < NULL, NULL IS NULL, NULL IS NOT NULL;
-- expect rows:
-- NULL | NULL | NULL | t | f

SELECT TRUE IS TRUE, NULL::boolean IS TRUE, NULL::boolean IS NOT FALSE, NULL::boolean IS UNKNOWN, FALSE IS NOT TRUE;
-- expect rows:
-- t | f | t | t | t

SELECT 1 IS DISTINCT FROM NULL, NULL IS DISTINCT FROM NULL, 1 IS NOT DISTINCT FROM 1, NULL IS NOT DISTINCT FROM NULL, 1 IS DISTINCT FROM 2;
-- expect rows:
-- t | f | t | t | t

SELECT 2 IN (1, 2, NULL), 3 IN (1, 2, NULL), 3 NOT IN (1, 2), 3 NOT IN (1, NULL), NULL IN (1);
-- expect rows:
-- t | NULL | t | NULL | NULL

CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER, b INTEGER, s TEXT);
-- expect: ok

INSERT INTO t VALUES (1, 1, 10, 'apple'), (2, NULL, 20, 'Banana'), (3, 3, NULL, 'cherry_pie'), (4, NULL, NULL, NULL), (5, 5, 5, '50%');
-- expect: ok

-- WHERE keeps rows whose condition is TRUE; NOT of unknown is unknown.
SELECT id FROM t WHERE NOT (a > 2) ORDER BY id;
-- expect rows:
-- 1

SELECT id FROM t WHERE a > 2 OR b > 15 ORDER BY id;
-- expect rows:
-- 2
-- 3
-- 5

SELECT id FROM t WHERE NOT (a > 2 AND b > 15) ORDER BY id;
-- expect rows:
-- 1
-- 5

SELECT id FROM t WHERE a IS DISTINCT FROM b ORDER BY id;
-- expect rows:
-- 1
-- 2
-- 3

SELECT id FROM t WHERE a IS NOT DISTINCT FROM b ORDER BY id;
-- expect rows:
-- 4
-- 5

-- CASE.
SELECT id, CASE WHEN a IS NULL THEN 'none' WHEN a > 2 THEN 'big' ELSE 'small' END FROM t ORDER BY id;
-- expect columns: id, case
-- expect rows:
-- 1 | small
-- 2 | none
-- 3 | big
-- 4 | none
-- 5 | big

SELECT id, CASE a WHEN 1 THEN 'one' WHEN NULL THEN 'null' END AS c FROM t ORDER BY id;
-- expect rows:
-- 1 | one
-- 2 | NULL
-- 3 | NULL
-- 4 | NULL
-- 5 | NULL

-- A branch not taken is not evaluated.
SELECT CASE WHEN a = 1 THEN 1 ELSE 1 / (a - 1) END FROM t WHERE id = 1;
-- expect rows:
-- 1

SELECT CASE WHEN 1 = 1 THEN 1 ELSE 'x' END;
-- expect error: 22P02

-- COALESCE, NULLIF.
SELECT id, coalesce(a, b, -1), nullif(a, 5), nullif(s, 'apple') FROM t ORDER BY id;
-- expect columns: id, coalesce, nullif, nullif
-- expect rows:
-- 1 | 1 | 1 | NULL
-- 2 | 20 | NULL | Banana
-- 3 | 3 | 3 | cherry_pie
-- 4 | -1 | NULL | NULL
-- 5 | 5 | NULL | 50%

SELECT coalesce(NULL, 2, 1 / 0);
-- expect rows:
-- 2

-- LIKE, ILIKE, ESCAPE.
SELECT id FROM t WHERE s LIKE '%an%' ORDER BY id;
-- expect rows:
-- 2

SELECT id FROM t WHERE s ILIKE 'b%' OR s ILIKE 'APPLE';
-- expect rows (any order):
-- 1
-- 2

SELECT id FROM t WHERE s LIKE 'cherry\_%';
-- expect rows:
-- 3

SELECT id FROM t WHERE s LIKE '50!%' ESCAPE '!';
-- expect rows:
-- 5

SELECT id FROM t WHERE s LIKE '_____' ORDER BY id;
-- expect rows:
-- 1

SELECT id FROM t WHERE s NOT LIKE '%a%' ORDER BY id;
-- expect rows:
-- 3
-- 5

SELECT 'abc' LIKE 'a%', 'abc' LIKE 'A%', 'abc' ILIKE 'A%', 'abc' NOT ILIKE 'A%', NULL LIKE 'a', 'a_c' LIKE 'a\_c', 'abc' LIKE 'a\_c';
-- expect rows:
-- t | f | t | f | NULL | t | f

-- BETWEEN [SYMMETRIC].
SELECT 5 BETWEEN 1 AND 10, 5 BETWEEN 10 AND 1, 5 BETWEEN SYMMETRIC 10 AND 1, 5 NOT BETWEEN SYMMETRIC 10 AND 1, NULL BETWEEN 1 AND 2, 1 BETWEEN 0 AND NULL, 3 BETWEEN 5 AND NULL;
-- expect rows:
-- t | f | t | f | NULL | NULL | f

SELECT id FROM t WHERE b BETWEEN SYMMETRIC 15 AND 5 ORDER BY id;
-- expect rows:
-- 1
-- 5

-- Result column names.
SELECT 1, 1 + 1, a, t.b, -a, a IS NULL, count(*) OVER () IS NULL FROM t WHERE id = 1;
-- expect error: 0A000

SELECT 1, 1 + 1, t.a, t.b AS bee, (a), lower(s), s || '!', CAST(a AS TEXT), a::text, 'lit' FROM t WHERE id = 1;
-- expect columns: ?column?, ?column?, a, bee, a, lower, ?column?, a, a, ?column?
-- expect rows:
-- 1 | 2 | 1 | 10 | 1 | apple | apple! | 1 | 1 | lit

SELECT count(*), sum(a), avg(a), min(s), max(s), count(DISTINCT a), bool_and(a > 0), bool_or(a > 4), string_agg(s, ',') FROM t;
-- expect columns: count, sum, avg, min, max, count, bool_and, bool_or, string_agg
-- expect rows:
-- 5 | 9 | 3.0000000000000000 | 50% | cherry_pie | 3 | t | t | apple,Banana,cherry_pie,50%

SELECT EXISTS (SELECT 1), (SELECT 1) AS one, ARRAY_LENGTH_NOPE(1);
-- expect error: 42883

SELECT EXISTS (SELECT 1), NOT EXISTS (SELECT 1 WHERE FALSE);
-- expect columns: exists, ?column?
-- expect rows:
-- t | t

-- Text functions and operators over NULL.
SELECT length(s), upper(s), s || 'x', substr(s, 2, 3), position('an' IN s), trim('  x  '), replace(s, 'a', 'A') FROM t WHERE id = 2;
-- expect rows:
-- 6 | BANANA | Bananax | ana | 2 | x | BAnAnA

SELECT length(s), upper(s), s || 'x', concat(s, 'x', NULL) FROM t WHERE id = 4;
-- expect rows:
-- NULL | NULL | NULL | x

SELECT abs(-3), round(2.5), round(-2.5), round(2.345, 2), ceil(1.2), floor(-1.2), mod(7, 3), power(2, 10), sqrt(16.0);
-- expect rows:
-- 3 | 3 | -3 | 2.35 | 2 | -2 | 1 | 1024 | 4.000000000000000

-- Every table lives in schema public.
SELECT current_schema(), current_schema, upper(current_schema);
-- expect columns: current_schema, current_schema, upper
-- expect rows:
-- public | public | PUBLIC
