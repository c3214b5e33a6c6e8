-- Views: CREATE [OR REPLACE] VIEW, DROP VIEW, a view over a view, column names, writes refused.
-- PostgreSQL 16 results.

CREATE TABLE staff (id INTEGER PRIMARY KEY, name TEXT, salary INTEGER, active BOOLEAN);
-- expect: ok

INSERT INTO staff VALUES (1, 'ann', 100, true), (2, 'bob', 200, false), (3, 'cyd', 300, true);
-- expect: rowsAffected 3

CREATE VIEW active_staff AS SELECT id, name, salary FROM staff WHERE active;
-- expect tag: CREATE VIEW

SELECT * FROM active_staff ORDER BY id;
-- expect columns: id, name, salary
-- expect rows:
-- 1 | ann | 100
-- 3 | cyd | 300

-- A view reads the table as it is now.
UPDATE staff SET active = true WHERE id = 2;
-- expect: rowsAffected 1

SELECT count(*) FROM active_staff;
-- expect rows:
-- 3

-- A view over a view, with column names.
CREATE VIEW rich (who, pay) AS SELECT name, salary FROM active_staff WHERE salary >= 200;
-- expect: ok

SELECT * FROM rich ORDER BY pay;
-- expect columns: who, pay
-- expect rows:
-- bob | 200
-- cyd | 300

SELECT r.who, s.id FROM rich r JOIN staff s ON s.name = r.who WHERE r.pay > 250;
-- expect rows:
-- cyd | 3

CREATE VIEW active_staff AS SELECT 1;
-- expect error: 42P07 relation "active_staff" already exists

-- OR REPLACE may add columns at the end.
CREATE OR REPLACE VIEW active_staff AS SELECT id, name, salary, salary * 2 AS doubled FROM staff WHERE active;
-- expect: ok

SELECT name, doubled FROM active_staff WHERE id = 1;
-- expect rows:
-- ann | 200

-- The dependent view still works.
SELECT count(*) FROM rich;
-- expect rows:
-- 2

-- Writing to a view is refused here (PostgreSQL would update a simple view; this engine does not).
INSERT INTO active_staff VALUES (9, 'zed', 1, 2);
-- expect error: 0A000

UPDATE active_staff SET salary = 0;
-- expect error: 0A000

DELETE FROM rich;
-- expect error: 0A000

CREATE TABLE rich (x INTEGER);
-- expect error: 42P07

DROP TABLE rich;
-- expect error: 42809 "rich" is not a table

CREATE VIEW bad AS SELECT nope FROM staff;
-- expect error: 42703

CREATE VIEW two (a, b, c) AS SELECT 1, 2;
-- expect error: 42601 CREATE VIEW specifies more column names than columns

DROP VIEW rich;
-- expect tag: DROP VIEW

SELECT * FROM rich;
-- expect error: 42P01

DROP VIEW rich;
-- expect error: 42P01

DROP VIEW IF EXISTS rich;
-- expect: ok

DROP VIEW staff;
-- expect error: 42809 "staff" is not a view

DROP VIEW active_staff;
-- expect: ok

SELECT count(*) FROM staff;
-- expect rows:
-- 3
