-- DEFAULT (in CREATE TABLE, INSERT ... DEFAULT VALUES, VALUES (DEFAULT, ..), UPDATE SET c = DEFAULT) and
-- RETURNING on INSERT / UPDATE / DELETE, with expressions and *. PostgreSQL 16 results.

CREATE TABLE d (id INTEGER PRIMARY KEY DEFAULT 1, n INTEGER DEFAULT 10, s TEXT DEFAULT 'def' || 'ault', m INTEGER, f BOOLEAN DEFAULT false);
-- expect: ok

INSERT INTO d DEFAULT VALUES;
-- expect tag: INSERT 0 1

SELECT * FROM d;
-- expect rows:
-- 1 | 10 | default | NULL | f

INSERT INTO d VALUES (2, DEFAULT, 'x', DEFAULT, DEFAULT);
-- expect: rowsAffected 1

INSERT INTO d (id, s) VALUES (3, DEFAULT), (4, 'y');
-- expect: rowsAffected 2

SELECT id, n, s, m, f FROM d ORDER BY id;
-- expect rows:
-- 1 | 10 | default | NULL | f
-- 2 | 10 | x | NULL | f
-- 3 | 10 | default | NULL | f
-- 4 | 10 | y | NULL | f

UPDATE d SET n = 99, s = 'changed' WHERE id >= 3;
-- expect: rowsAffected 2

UPDATE d SET n = DEFAULT, s = DEFAULT WHERE id = 3;
-- expect: rowsAffected 1

SELECT id, n, s FROM d WHERE id >= 3 ORDER BY id;
-- expect rows:
-- 3 | 10 | default
-- 4 | 99 | changed

INSERT INTO d DEFAULT VALUES;
-- expect error: 23505 Key (id)=(1) already exists

CREATE TABLE bad (x INTEGER DEFAULT 'abc');
-- expect error: 22P02

CREATE TABLE bad (x INTEGER DEFAULT (SELECT 1));
-- expect error: 0A000 cannot use subquery in DEFAULT expression

-- RETURNING.
CREATE TABLE r (id INTEGER PRIMARY KEY, v INTEGER, note TEXT DEFAULT 'n');
-- expect: ok

INSERT INTO r (id, v) VALUES (1, 10), (2, 20) RETURNING *;
-- expect columns: id, v, note
-- expect rows:
-- 1 | 10 | n
-- 2 | 20 | n

INSERT INTO r VALUES (3, 30, 'c') RETURNING id, v * 2 AS doubled, upper(note);
-- expect columns: id, doubled, upper
-- expect rows:
-- 3 | 60 | C

INSERT INTO r VALUES (4, 40, 'd') RETURNING v + 1;
-- expect columns: ?column?
-- expect tag: INSERT 0 1
-- expect rows:
-- 41

UPDATE r SET v = v + 1 WHERE id <= 2 RETURNING id, v;
-- expect tag: UPDATE 2
-- expect rows (any order):
-- 1 | 11
-- 2 | 21

UPDATE r SET v = 0 WHERE id = 99 RETURNING *;
-- expect tag: UPDATE 0
-- expect empty

DELETE FROM r WHERE v >= 30 RETURNING note, id;
-- expect tag: DELETE 2
-- expect columns: note, id
-- expect rows (any order):
-- c | 3
-- d | 4

DELETE FROM r RETURNING r.*;
-- expect rows (any order):
-- 1 | 11 | n
-- 2 | 21 | n

SELECT count(*) FROM r;
-- expect rows:
-- 0

INSERT INTO r VALUES (5, 50) RETURNING nope;
-- expect error: 42703

SELECT count(*) FROM r;
-- expect rows:
-- 0
