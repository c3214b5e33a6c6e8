-- Errors: each has a SQLSTATE; after a failed statement the data is unchanged.
-- Ported from the old engine's corpus; changed for PostgreSQL semantics: errors are checked by SQLSTATE
-- (42601 syntax, 42P01 unknown table, 42703 unknown column, 42883 no such operator or function, 42804 WHERE
-- not boolean, 22012 division by zero, 22003 overflow, 23502 NOT NULL, 22P02 bad text, 23505 duplicate key);
-- subqueries, UNION, several statements in one request, ALTER TABLE and TRUNCATE are supported now, so
-- those statements succeed.

CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER NOT NULL, s TEXT);
-- expect: ok

INSERT INTO t VALUES (1, 10, 'a'), (2, 20, 'b');
-- expect: rowsAffected 2

SELEC * FROM t;
-- expect error: 42601 syntax error at or near "SELEC"

SELECT * FROM t WHERE;
-- expect error: 42601

SELECT 'unterminated FROM t;
-- expect error: 42601

SELECT * FROM nope;
-- expect error: 42P01 relation "nope" does not exist

SELECT nope FROM t;
-- expect error: 42703 column "nope" does not exist

SELECT * FROM t WHERE nope = 1;
-- expect error: 42703

SELECT * FROM t ORDER BY nope;
-- expect error: 42703

-- Comparing text that is not a number with a number.
SELECT * FROM t WHERE s > 5;
-- expect error: 42883 operator does not exist: text

SELECT * FROM t WHERE n;
-- expect error: 42804 argument of WHERE must be type boolean, not type integer

SELECT n / 0 FROM t;
-- expect error: 22012 division by zero

SELECT 9223372036854775807 + 1;
-- expect error: 22003 bigint out of range

SELECT FOO(n) FROM t;
-- expect error: 42883 function foo(integer) does not exist

SELECT * FROM t WHERE n IN (SELECT n FROM t) ORDER BY id;
-- expect rows:
-- 1 | 10 | a
-- 2 | 20 | b

SELECT n FROM t UNION SELECT n FROM t ORDER BY n;
-- expect rows:
-- 10
-- 20

-- Several statements in one request: the last one's result.
SELECT 1; SELECT 2;
-- expect rows:
-- 2

-- Failed multi-row inserts leave nothing.
INSERT INTO t VALUES (3, 30, 'c'), (4, NULL, 'd');
-- expect error: 23502 null value in column "n" of relation "t" violates not-null constraint

INSERT INTO t VALUES (5, 50, 'e'), (6, 'sixty', 'f');
-- expect error: 22P02 invalid input syntax for type integer: "sixty"

INSERT INTO t VALUES (7, 70, 'g'), (1, 1, 'dup');
-- expect error: 23505 Key (id)=(1) already exists

SELECT id, n, s FROM t ORDER BY id;
-- expect rows:
-- 1 | 10 | a
-- 2 | 20 | b

-- Failed updates leave nothing.
UPDATE t SET n = n / 0;
-- expect error: 22012

UPDATE t SET n = NULL WHERE id = 2;
-- expect error: 23502

UPDATE t SET id = 1 WHERE id = 2;
-- expect error: 23505

SELECT id, n, s FROM t ORDER BY id;
-- expect rows:
-- 1 | 10 | a
-- 2 | 20 | b

-- A failing WHERE fails before anything is deleted.
DELETE FROM t WHERE s > 5;
-- expect error: 42883

SELECT COUNT(*) FROM t;
-- expect rows:
-- 2

ALTER TABLE t ADD COLUMN x INTEGER;
-- expect tag: ALTER TABLE

SELECT * FROM t ORDER BY id;
-- expect columns: id, n, s, x
-- expect rows:
-- 1 | 10 | a | NULL
-- 2 | 20 | b | NULL

TRUNCATE TABLE t;
-- expect tag: TRUNCATE TABLE

SELECT COUNT(*) FROM t;
-- expect rows:
-- 0
