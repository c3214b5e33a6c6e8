-- UPDATE (expressions, several columns, primary key changes) and DELETE.
-- Ported from the old engine's corpus; changed for PostgreSQL semantics: errors are checked by SQLSTATE
-- (22P02, 23502, 23505, 42703, 42P01).

CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL, age INTEGER, email TEXT);
-- expect: ok

CREATE UNIQUE INDEX users_email ON users (email);
-- expect: ok

INSERT INTO users VALUES (1, 'Alice', 25, 'a@x'), (2, 'Bob', 30, 'b@x'), (3, 'Cy', 35, 'c@x'), (4, 'Dee', NULL, NULL);
-- expect: rowsAffected 4

UPDATE users SET age = 26 WHERE id = 1;
-- expect: rowsAffected 1

SELECT age FROM users WHERE id = 1;
-- expect rows:
-- 26

-- Values are computed from the old row; several columns at once.
UPDATE users SET age = age + 1, name = name || '!' WHERE age >= 30;
-- expect: rowsAffected 2

SELECT id, name, age FROM users ORDER BY id;
-- expect rows:
-- 1 | Alice | 26
-- 2 | Bob! | 31
-- 3 | Cy! | 36
-- 4 | Dee | NULL

-- No match is not an error.
UPDATE users SET age = 1 WHERE id = 99;
-- expect: rowsAffected 0

-- Type errors and constraint errors change nothing.
UPDATE users SET age = 'old' WHERE id = 2;
-- expect error: 22P02 invalid input syntax for type integer: "old"

UPDATE users SET name = NULL WHERE id = 2;
-- expect error: 23502 null value in column "name"

UPDATE users SET email = 'a@x' WHERE id = 2;
-- expect error: 23505 unique constraint "users_email"

UPDATE users SET nope = 1;
-- expect error: 42703 column "nope" of relation "users" does not exist

SELECT id, name, age, email FROM users WHERE id = 2;
-- expect rows:
-- 2 | Bob! | 31 | b@x

-- Changing the primary key moves the row.
UPDATE users SET id = 20 WHERE id = 2;
-- expect: rowsAffected 1

SELECT id, name FROM users WHERE id = 20;
-- expect rows:
-- 20 | Bob!

SELECT id FROM users WHERE id = 2;
-- expect empty

-- The unique index follows the move.
SELECT id FROM users WHERE email = 'b@x';
-- expect rows:
-- 20

-- Onto an existing key is refused.
UPDATE users SET id = 1 WHERE id = 3;
-- expect error: 23505 Key (id)=(1) already exists

-- Shifting every key by one is fine: the statement's own rows do not conflict.
UPDATE users SET id = id + 1;
-- expect: rowsAffected 4

SELECT id, name FROM users ORDER BY id;
-- expect rows:
-- 2 | Alice
-- 4 | Cy!
-- 5 | Dee
-- 21 | Bob!

-- Two rows onto one key is refused.
UPDATE users SET id = 7;
-- expect error: 23505

-- Swapping unique values between rows in one statement works.
UPDATE users SET email = CASE WHEN id = 2 THEN 'c@x' ELSE 'a@x' END WHERE id IN (2, 4);
-- expect: rowsAffected 2

SELECT id, email FROM users WHERE email IN ('a@x', 'c@x') ORDER BY id;
-- expect rows:
-- 2 | c@x
-- 4 | a@x

DELETE FROM users WHERE id = 2;
-- expect: rowsAffected 1

SELECT COUNT(*) FROM users;
-- expect rows:
-- 3

DELETE FROM users WHERE age IS NULL;
-- expect: rowsAffected 1

-- The unique value is free again after the delete.
INSERT INTO users VALUES (30, 'New', 1, 'c@x');
-- expect: rowsAffected 1

DELETE FROM users WHERE name LIKE '%!';
-- expect: rowsAffected 2

SELECT id, name FROM users;
-- expect rows:
-- 30 | New

DELETE FROM users;
-- expect: rowsAffected 1

SELECT COUNT(*) FROM users;
-- expect rows:
-- 0

DELETE FROM nope;
-- expect error: 42P01

-- Tables without a primary key update and delete by row id.
CREATE TABLE notes (body TEXT, n INTEGER);
-- expect: ok

INSERT INTO notes VALUES ('a', 1), ('a', 2), ('b', 3);
-- expect: rowsAffected 3

UPDATE notes SET n = n * 10 WHERE body = 'a';
-- expect: rowsAffected 2

DELETE FROM notes WHERE n = 20;
-- expect: rowsAffected 1

SELECT body, n FROM notes;
-- expect rows:
-- a | 10
-- b | 3
