-- Transactions in one session (this file runs in one): BEGIN / ROLLBACK leaves nothing, BEGIN / COMMIT keeps
-- the writes, reads inside a transaction see its own writes, an error makes later statements 25P02 until
-- ROLLBACK, DDL inside BEGIN is refused (0A000).

CREATE TABLE acct (id INTEGER PRIMARY KEY, balance INTEGER NOT NULL);
-- expect: ok

INSERT INTO acct VALUES (1, 100), (2, 50);
-- expect: ok

BEGIN;
-- expect tag: BEGIN

INSERT INTO acct VALUES (3, 10);
-- expect: rowsAffected 1

UPDATE acct SET balance = balance - 30 WHERE id = 1;
-- expect: rowsAffected 1

-- Own writes are visible inside.
SELECT id, balance FROM acct ORDER BY id;
-- expect rows:
-- 1 | 70
-- 2 | 50
-- 3 | 10

SELECT sum(balance) FROM acct WHERE id IN (SELECT id FROM acct WHERE balance < 100);
-- expect rows:
-- 130

ROLLBACK;
-- expect tag: ROLLBACK

SELECT id, balance FROM acct ORDER BY id;
-- expect rows:
-- 1 | 100
-- 2 | 50

BEGIN;
-- expect: ok

UPDATE acct SET balance = balance - 25 WHERE id = 1;
-- expect: ok

UPDATE acct SET balance = balance + 25 WHERE id = 2;
-- expect: ok

DELETE FROM acct WHERE id = 2 AND balance = 50;
-- expect: rowsAffected 0

INSERT INTO acct VALUES (4, 1);
-- expect: ok

COMMIT;
-- expect tag: COMMIT

SELECT id, balance FROM acct ORDER BY id;
-- expect rows:
-- 1 | 75
-- 2 | 75
-- 4 | 1

-- An error aborts the transaction: later statements fail with 25P02 until ROLLBACK.
BEGIN;
-- expect: ok

INSERT INTO acct VALUES (5, 5);
-- expect: ok

INSERT INTO acct VALUES (1, 0);
-- expect error: 23505

SELECT count(*) FROM acct;
-- expect error: 25P02 current transaction is aborted

INSERT INTO acct VALUES (6, 6);
-- expect error: 25P02

ROLLBACK;
-- expect: ok

SELECT count(*) FROM acct;
-- expect rows:
-- 3

-- COMMIT of an aborted transaction rolls back.
BEGIN;
-- expect: ok

INSERT INTO acct VALUES (7, 7);
-- expect: ok

SELECT 1 / 0;
-- expect error: 22012

COMMIT;
-- expect tag: ROLLBACK

SELECT count(*) FROM acct WHERE id = 7;
-- expect rows:
-- 0

-- DDL inside a transaction block is refused.
BEGIN;
-- expect: ok

CREATE TABLE other (id INTEGER);
-- expect error: 0A000

ROLLBACK;
-- expect: ok

BEGIN;
-- expect: ok

INSERT INTO acct VALUES (8, 8);
-- expect: ok

DROP TABLE acct;
-- expect error: 0A000

ROLLBACK;
-- expect: ok

SELECT count(*) FROM acct;
-- expect rows:
-- 3

-- A NOT NULL violation inside is an error like any other.
BEGIN;
-- expect: ok

UPDATE acct SET balance = NULL WHERE id = 1;
-- expect error: 23502

ROLLBACK;
-- expect: ok

SELECT balance FROM acct WHERE id = 1;
-- expect rows:
-- 75

-- COMMIT and ROLLBACK outside a transaction only warn in PostgreSQL.
COMMIT;
-- expect: ok

ROLLBACK;
-- expect: ok

-- Several statements of one script share its transaction.
BEGIN; INSERT INTO acct VALUES (9, 9); INSERT INTO acct VALUES (10, 10); COMMIT;
-- expect: ok

SELECT count(*) FROM acct WHERE id >= 9;
-- expect rows:
-- 2
