-- Errors: each is a 400 with a code; after a failed statement the data is unchanged.

CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER NOT NULL, s TEXT);
-- expect: ok

INSERT INTO t VALUES (1, 10, 'a'), (2, 20, 'b');
-- expect: rowsAffected 2

SELEC * FROM t;
-- expect error: sql_syntax_error 'SELEC'

SELECT * FROM t WHERE;
-- expect error: sql_syntax_error

SELECT 'unterminated FROM t;
-- expect error: sql_syntax_error

SELECT * FROM nope;
-- expect error: unknown_table nope

SELECT nope FROM t;
-- expect error: unknown_column nope

SELECT * FROM t WHERE nope = 1;
-- expect error: unknown_column

SELECT * FROM t ORDER BY nope;
-- expect error: unknown_column

-- Comparing text that is not a number with a number.
SELECT * FROM t WHERE s > 5;
-- expect error: type_mismatch cannot compare

SELECT * FROM t WHERE n;
-- expect error: type_mismatch BOOLEAN

SELECT n / 0 FROM t;
-- expect error: sql_error division by zero

SELECT 9223372036854775807 + 1;
-- expect error: sql_error overflow

SELECT FOO(n) FROM t;
-- expect error: sql_error function FOO

SELECT * FROM t WHERE n IN (SELECT n FROM t);
-- expect error: sql_error

SELECT n FROM t UNION SELECT n FROM t;
-- expect error: sql_error not supported

-- One statement per request.
SELECT 1; SELECT 2;
-- expect error: sql_error one statement per request

-- Failed multi-row inserts leave nothing.
INSERT INTO t VALUES (3, 30, 'c'), (4, NULL, 'd');
-- expect error: constraint_violation row 2: column n must not be NULL

INSERT INTO t VALUES (5, 50, 'e'), (6, 'sixty', 'f');
-- expect error: type_mismatch row 2, column n

INSERT INTO t VALUES (7, 70, 'g'), (1, 1, 'dup');
-- expect error: constraint_violation duplicate primary key

SELECT id, n, s FROM t ORDER BY id;
-- expect rows:
-- 1 | 10 | a
-- 2 | 20 | b

-- Failed updates leave nothing.
UPDATE t SET n = n / 0;
-- expect error: sql_error division by zero

UPDATE t SET n = NULL WHERE id = 2;
-- expect error: constraint_violation

UPDATE t SET id = 1 WHERE id = 2;
-- expect error: constraint_violation duplicate primary key

SELECT id, n, s FROM t ORDER BY id;
-- expect rows:
-- 1 | 10 | a
-- 2 | 20 | b

-- A failing WHERE fails before anything is deleted.
DELETE FROM t WHERE s > 5;
-- expect error: type_mismatch

SELECT COUNT(*) FROM t;
-- expect rows:
-- 2

ALTER TABLE t ADD COLUMN x INTEGER;
-- expect error: sql_error not supported

TRUNCATE TABLE t;
-- expect error: sql_error not supported

SELECT COUNT(*) FROM t;
-- expect rows:
-- 2
