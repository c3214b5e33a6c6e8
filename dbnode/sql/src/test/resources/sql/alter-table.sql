-- ALTER TABLE on a table with rows: ADD COLUMN with and without DEFAULT, DROP COLUMN, RENAME COLUMN,
-- RENAME TO, SET / DROP DEFAULT, SET / DROP NOT NULL. PostgreSQL 16 results.

CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT);
-- expect: ok

INSERT INTO t VALUES (1, 'x'), (2, 'y');
-- expect: rowsAffected 2

ALTER TABLE t ADD COLUMN b INTEGER;
-- expect tag: ALTER TABLE

-- Old rows read the default: NULL without one, the default with one.
ALTER TABLE t ADD COLUMN c INTEGER DEFAULT 7;
-- expect: ok

ALTER TABLE t ADD COLUMN d TEXT NOT NULL DEFAULT 'dd';
-- expect: ok

SELECT * FROM t ORDER BY id;
-- expect columns: id, a, b, c, d
-- expect rows:
-- 1 | x | NULL | 7 | dd
-- 2 | y | NULL | 7 | dd

INSERT INTO t (id, a) VALUES (3, 'z');
-- expect: ok

SELECT id, b, c, d FROM t WHERE id = 3;
-- expect rows:
-- 3 | NULL | 7 | dd

SELECT count(*) FROM t WHERE c = 7;
-- expect rows:
-- 3

ALTER TABLE t ADD COLUMN e INTEGER NOT NULL;
-- expect error: 23502 column "e" of relation "t" contains null values

ALTER TABLE t ADD COLUMN a INTEGER;
-- expect error: 42701 column "a" of relation "t" already exists

ALTER TABLE t ADD COLUMN IF NOT EXISTS a INTEGER;
-- expect: ok

-- DROP COLUMN: gone from SELECT *, the other values stay.
ALTER TABLE t DROP COLUMN b;
-- expect: ok

SELECT * FROM t ORDER BY id;
-- expect columns: id, a, c, d
-- expect rows:
-- 1 | x | 7 | dd
-- 2 | y | 7 | dd
-- 3 | z | 7 | dd

SELECT b FROM t;
-- expect error: 42703

ALTER TABLE t DROP COLUMN b;
-- expect error: 42703 column "b" of relation "t" does not exist

ALTER TABLE t DROP COLUMN IF EXISTS b;
-- expect: ok

-- A new column after a dropped one does not see the old values.
ALTER TABLE t ADD COLUMN b INTEGER;
-- expect: ok

SELECT id, b FROM t ORDER BY id;
-- expect rows:
-- 1 | NULL
-- 2 | NULL
-- 3 | NULL

-- RENAME COLUMN.
ALTER TABLE t RENAME COLUMN a TO name;
-- expect: ok

SELECT id, name FROM t WHERE name = 'y';
-- expect rows:
-- 2 | y

SELECT a FROM t;
-- expect error: 42703

ALTER TABLE t RENAME COLUMN nope TO x;
-- expect error: 42703

ALTER TABLE t RENAME COLUMN name TO c;
-- expect error: 42701

-- SET DEFAULT / DROP DEFAULT apply to later inserts.
ALTER TABLE t ALTER COLUMN c SET DEFAULT 100;
-- expect: ok

INSERT INTO t (id, name) VALUES (4, 'w');
-- expect: ok

ALTER TABLE t ALTER COLUMN c DROP DEFAULT;
-- expect: ok

INSERT INTO t (id, name) VALUES (5, 'v');
-- expect: ok

SELECT id, c FROM t WHERE id >= 3 ORDER BY id;
-- expect rows:
-- 3 | 7
-- 4 | 100
-- 5 | NULL

-- SET NOT NULL fails while a NULL is there; DROP NOT NULL allows NULLs again.
ALTER TABLE t ALTER COLUMN c SET NOT NULL;
-- expect error: 23502 column "c" of relation "t" contains null values

UPDATE t SET c = 0 WHERE c IS NULL;
-- expect: rowsAffected 1

ALTER TABLE t ALTER COLUMN c SET NOT NULL;
-- expect: ok

INSERT INTO t (id, name) VALUES (6, 'u');
-- expect error: 23502 null value in column "c"

ALTER TABLE t ALTER COLUMN c DROP NOT NULL;
-- expect: ok

INSERT INTO t (id, name) VALUES (6, 'u');
-- expect: rowsAffected 1

ALTER TABLE t ALTER COLUMN d DROP NOT NULL;
-- expect: ok

UPDATE t SET d = NULL WHERE id = 6;
-- expect: rowsAffected 1

-- RENAME TO.
ALTER TABLE t RENAME TO t2;
-- expect: ok

SELECT count(*) FROM t;
-- expect error: 42P01

SELECT count(*), count(c), count(d) FROM t2;
-- expect rows:
-- 6 | 5 | 5

CREATE TABLE t (id INTEGER PRIMARY KEY);
-- expect: ok

ALTER TABLE t2 RENAME TO t;
-- expect error: 42P07

ALTER TABLE nope ADD COLUMN x INTEGER;
-- expect error: 42P01

ALTER TABLE IF EXISTS nope ADD COLUMN x INTEGER;
-- expect: ok
