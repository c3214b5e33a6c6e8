-- CREATE TABLE / DROP TABLE, types and aliases, primary keys, IF [NOT] EXISTS.
-- Ported from the old engine's corpus; changed for PostgreSQL semantics: errors are checked by SQLSTATE
-- (42P07 duplicate table, 22001 value too long, 23505 duplicate key, 42P16 two primary keys, 42701 duplicate
-- column, 42704 unknown type, 42703 unknown column, 42P01 unknown table); values print in PostgreSQL's output
-- text (timestamps 2024-01-02 03:04:05+00); the "documents" schema is not a schema of this engine
-- (3F000 when creating a table in it).

CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT NOT NULL, age INTEGER);
-- expect: rowsAffected 0

CREATE TABLE people (id INTEGER PRIMARY KEY);
-- expect error: 42P07 already exists

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
-- expect json: [[1, 9000000000, 1.5, 2.0, 3.25, true, false, "text", "abcde", "2024-01-02 03:04:05+00", {"a": [1, 2]}]]

-- VARCHAR(n) is enforced.
INSERT INTO every_type (i, v) VALUES (2, 'abcdef');
-- expect error: 22001 value too long for type character varying(5)

-- Composite primary key as a table constraint.
CREATE TABLE visits (person INTEGER, day TEXT, pages INTEGER, PRIMARY KEY (person, day));
-- expect: ok

INSERT INTO visits VALUES (1, '2024-01-01', 3), (1, '2024-01-02', 4), (2, '2024-01-01', 5);
-- expect: rowsAffected 3

INSERT INTO visits VALUES (1, '2024-01-01', 9);
-- expect error: 23505 duplicate key value violates unique constraint "visits_pkey"

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
-- expect error: 42703

-- Identifiers are case-insensitive.
SELECT MSG FROM LOG WHERE Msg = 'b';
-- expect rows:
-- b

CREATE TABLE bad (x INTEGER PRIMARY KEY, y INTEGER PRIMARY KEY);
-- expect error: 42P16 multiple primary keys

CREATE TABLE bad (x INTEGER, x TEXT);
-- expect error: 42701 specified more than once

CREATE TABLE bad (x MONEY);
-- expect error: 42704 type "money" does not exist

CREATE TABLE bad (x INTEGER, PRIMARY KEY (y));
-- expect error: 42703

CREATE TABLE documents.x (id TEXT);
-- expect error: 3F000

CREATE INDEX log_msg ON log (msg);
-- expect: ok

DROP TABLE log;
-- expect: rowsAffected 3

SELECT * FROM log;
-- expect error: 42P01 relation "log" does not exist

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
-- expect error: 42P01

DROP TABLE IF EXISTS log;
-- expect: rowsAffected 0

-- UNIQUE column option creates a unique index.
CREATE TABLE accounts (id INTEGER PRIMARY KEY, email TEXT UNIQUE);
-- expect: ok

INSERT INTO accounts VALUES (1, 'a@x'), (2, 'b@x');
-- expect: rowsAffected 2

INSERT INTO accounts VALUES (3, 'a@x');
-- expect error: 23505 accounts_email_key

-- NULLs never collide in a unique index.
INSERT INTO accounts VALUES (3, NULL), (4, NULL);
-- expect: rowsAffected 2

SELECT COUNT(*) FROM accounts;
-- expect rows:
-- 4
