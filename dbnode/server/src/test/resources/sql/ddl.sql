-- CREATE TABLE / DROP TABLE, types and aliases, primary keys, IF [NOT] EXISTS.

CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT NOT NULL, age INTEGER);
-- expect: rowsAffected 0

CREATE TABLE people (id INTEGER PRIMARY KEY);
-- expect error: sql_error already exists

CREATE TABLE IF NOT EXISTS people (id INTEGER PRIMARY KEY);
-- expect: rowsAffected 0

-- The first definition is kept.
SELECT * FROM people;
-- expect columns: id, name, age
-- expect empty

CREATE TABLE every_type (i INT, b BIGINT, d DOUBLE, r REAL, f FLOAT, ok BOOLEAN, ok2 BOOL, t TEXT, v VARCHAR(5), ts TIMESTAMP, j JSON, PRIMARY KEY (i));
-- expect: ok

INSERT INTO every_type VALUES (1, 9000000000, 1.5, 2, 3.25, true, 'false', 'text', 'abcde', '2024-01-02T03:04:05Z', '{"a": [1, 2]}');
-- expect: rowsAffected 1

SELECT * FROM every_type;
-- expect json: [[1, 9000000000, 1.5, 2.0, 3.25, true, false, "text", "abcde", "2024-01-02T03:04:05Z", {"a": [1, 2]}]]

-- VARCHAR(n) is enforced.
INSERT INTO every_type (i, v) VALUES (2, 'abcdef');
-- expect error: type_mismatch longer than 5

-- Composite primary key as a table constraint.
CREATE TABLE visits (person INTEGER, day TEXT, pages INTEGER, PRIMARY KEY (person, day));
-- expect: ok

INSERT INTO visits VALUES (1, '2024-01-01', 3), (1, '2024-01-02', 4), (2, '2024-01-01', 5);
-- expect: rowsAffected 3

INSERT INTO visits VALUES (1, '2024-01-01', 9);
-- expect error: constraint_violation duplicate primary key

SELECT person, day, pages FROM visits;
-- expect rows:
-- 1 | 2024-01-01 | 3
-- 1 | 2024-01-02 | 4
-- 2 | 2024-01-01 | 5

-- A table without a primary key gets a hidden row id; duplicates are fine.
CREATE TABLE log (msg TEXT);
-- expect: ok

INSERT INTO log VALUES ('a'), ('a'), ('b');
-- expect: rowsAffected 3

SELECT * FROM log;
-- expect columns: msg
-- expect rows:
-- a
-- a
-- b

SELECT _rowid FROM log;
-- expect error: unknown_column

-- Identifiers are case-insensitive.
SELECT MSG FROM LOG WHERE Msg = 'b';
-- expect rows:
-- b

CREATE TABLE bad (x INTEGER PRIMARY KEY, y INTEGER PRIMARY KEY);
-- expect error: sql_error more than one primary key

CREATE TABLE bad (x INTEGER, x TEXT);
-- expect error: sql_error declared twice

CREATE TABLE bad (x MONEY);
-- expect error: sql_error unknown column type

CREATE TABLE bad (x INTEGER, PRIMARY KEY (y));
-- expect error: unknown_column

CREATE TABLE documents.x (id TEXT);
-- expect error: sql_error

CREATE INDEX log_msg ON log (msg);
-- expect: ok

DROP TABLE log;
-- expect: rowsAffected 3

SELECT * FROM log;
-- expect error: unknown_table log

-- Its index went with it: the name is free again.
CREATE TABLE log (msg TEXT, n INTEGER);
-- expect: ok

CREATE INDEX log_msg ON log (msg);
-- expect: ok

SELECT * FROM log;
-- expect empty

DROP TABLE log;
-- expect: rowsAffected 0

DROP TABLE log;
-- expect error: unknown_table

DROP TABLE IF EXISTS log;
-- expect: rowsAffected 0

-- UNIQUE column option creates a unique index.
CREATE TABLE accounts (id INTEGER PRIMARY KEY, email TEXT UNIQUE);
-- expect: ok

INSERT INTO accounts VALUES (1, 'a@x'), (2, 'b@x');
-- expect: rowsAffected 2

INSERT INTO accounts VALUES (3, 'a@x');
-- expect error: constraint_violation unique index

-- NULLs never collide in a unique index.
INSERT INTO accounts VALUES (3, NULL), (4, NULL);
-- expect: rowsAffected 2

SELECT COUNT(*) FROM accounts;
-- expect rows:
-- 4
