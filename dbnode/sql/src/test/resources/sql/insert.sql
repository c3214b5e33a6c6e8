-- INSERT: column lists, multi-row atomicity, coercion, NOT NULL, generated row ids.
-- Ported from the old engine's corpus; changed for PostgreSQL semantics: errors are checked by SQLSTATE
-- (22P02 bad text, 22007 bad date/time text, 23505 duplicate key, 23502 NOT NULL, 42703, 42601, 42P01, 22003 out of range); a numeric
-- value stored in an integer column is rounded (2.5 is stored as 3), as PostgreSQL's assignment cast does;
-- 'yesterday' is a valid timestamp in PostgreSQL, so the bad timestamp is 'someday'; timestamps print as
-- 2024-01-02 03:04:05+00.

CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT NOT NULL, age INTEGER, score DOUBLE, active BOOLEAN, born TIMESTAMP);
-- expect: ok

INSERT INTO people (id, name, age) VALUES (1, 'Ada', 36), (2, 'Bob', NULL), (3, 'Cy', 41);
-- expect: rowsAffected 3

-- Without a column list every column in order.
INSERT INTO people VALUES (4, 'Dee', 28, 7.5, true, '2024-01-02 03:04:05');
-- expect: rowsAffected 1

SELECT id, name, age, score, active, born FROM people WHERE id = 4;
-- expect json: [[4, "Dee", 28, 7.5, true, "2024-01-02 03:04:05+00"]]

-- Coercion: numeric text into INTEGER, integers into DOUBLE, text into BOOLEAN.
INSERT INTO people (id, name, age, score, active) VALUES (5, 'Eve', '31', 2, 'true');
-- expect: rowsAffected 1

SELECT age, score, active FROM people WHERE id = 5;
-- expect json: [[31, 2.0, true]]

-- Expressions are evaluated.
INSERT INTO people (id, name, age) VALUES (3 + 3, 'Fay' || 'e', 20 * 2);
-- expect: rowsAffected 1

SELECT name, age FROM people WHERE id = 6;
-- expect rows:
-- Faye | 40

-- A bad value in row 3 writes nothing.
INSERT INTO people (id, name, age) VALUES (10, 'x', 1), (11, 'y', 2), (12, 'z', 'abc');
-- expect error: 22P02 invalid input syntax for type integer: "abc"

SELECT COUNT(*) FROM people WHERE id >= 10;
-- expect rows:
-- 0

-- A duplicate key in row 2 (against stored data) writes nothing.
INSERT INTO people (id, name) VALUES (13, 'x'), (1, 'dup');
-- expect error: 23505 Key (id)=(1) already exists

-- A duplicate key within the statement writes nothing.
INSERT INTO people (id, name) VALUES (14, 'x'), (14, 'y');
-- expect error: 23505 Key (id)=(14) already exists

SELECT id FROM people WHERE id IN (13, 14);
-- expect empty

SELECT name FROM people WHERE id = 1;
-- expect rows:
-- Ada

-- NOT NULL and the primary key refuse NULL.
INSERT INTO people (id, age) VALUES (20, 1);
-- expect error: 23502 null value in column "name" of relation "people" violates not-null constraint

INSERT INTO people (id, name) VALUES (NULL, 'n');
-- expect error: 23502 null value in column "id"

INSERT INTO people (id, nope) VALUES (21, 'x');
-- expect error: 42703 column "nope" of relation "people" does not exist

INSERT INTO people (id, name) VALUES (22);
-- expect error: 42601 INSERT has more target columns than expressions

INSERT INTO people (id, name, name) VALUES (23, 'a', 'b');
-- expect error: 42701 column "name" specified more than once

INSERT INTO nope VALUES (1);
-- expect error: 42P01 relation "nope" does not exist

INSERT INTO people (id, name, age) VALUES (24, 'big', 3000000000);
-- expect error: 22003 integer out of range

INSERT INTO people (id, name, age) VALUES (25, 'frac', 2.5);
-- expect: rowsAffected 1

SELECT age FROM people WHERE id = 25;
-- expect json: [[3]]

INSERT INTO people (id, name, born) VALUES (26, 'when', 'someday');
-- expect error: 22007 invalid input syntax for type timestamp with time zone

INSERT INTO people (id, name, active) VALUES (27, 'flag', 'maybe');
-- expect error: 22P02 invalid input syntax for type boolean

SELECT COUNT(*) FROM people;
-- expect rows:
-- 7

-- INSERT ... SELECT
CREATE TABLE names (name TEXT);
-- expect: ok

INSERT INTO names SELECT name FROM people WHERE age > 30;
-- expect: rowsAffected 4

SELECT name FROM names ORDER BY name;
-- expect rows:
-- Ada
-- Cy
-- Eve
-- Faye

-- Generated row ids keep counting across statements.
INSERT INTO names VALUES ('Zed');
-- expect: rowsAffected 1

SELECT COUNT(*) FROM names;
-- expect rows:
-- 5

-- Strings with quotes and unicode survive.
INSERT INTO names VALUES ('it''s'), ('Zoë ✓');
-- expect: rowsAffected 2

SELECT name FROM names WHERE name LIKE 'it%' OR name LIKE 'Zo%';
-- expect rows (any order):
-- it's
-- Zoë ✓
