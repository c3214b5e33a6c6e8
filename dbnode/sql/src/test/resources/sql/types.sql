-- Types: NUMERIC exact arithmetic, DATE / TIMESTAMP, BYTEA, VARCHAR(n), integer overflow, division by zero,
-- casts. PostgreSQL 16 results (timestamps in UTC).

SELECT 0.1 + 0.2 = 0.3, 0.1 + 0.2;
-- expect rows:
-- t | 0.3

SELECT 0.1::float8 + 0.2::float8 = 0.3::float8;
-- expect rows:
-- f

SELECT 1.50 * 2, 10.0 / 4, 1 / 3.0, 2.5 - 0.50;
-- expect rows:
-- 3.00 | 2.5000000000000000 | 0.33333333333333333333 | 2.00

CREATE TABLE money (id INTEGER PRIMARY KEY, amount NUMERIC(10,2), rate NUMERIC);
-- expect: ok

INSERT INTO money VALUES (1, 10.005, 0.1), (2, 20.1, 0.2), (3, 0.004, NULL);
-- expect: ok

SELECT id, amount FROM money ORDER BY id;
-- expect rows:
-- 1 | 10.01
-- 2 | 20.10
-- 3 | 0.00

SELECT sum(amount), avg(amount), sum(rate), avg(rate) FROM money;
-- expect rows:
-- 30.11 | 10.0366666666666667 | 0.3 | 0.15000000000000000000

SELECT sum(rate) = 0.3 FROM money;
-- expect rows:
-- t

INSERT INTO money VALUES (4, 123456789.12, 1);
-- expect error: 22003 numeric field overflow

-- Integer division truncates; integer overflow is an error.
SELECT 7 / 2, -7 / 2, 7 % 3, -7 % 3, 7.0 / 2;
-- expect rows:
-- 3 | -3 | 1 | -1 | 3.5000000000000000

SELECT 2147483647 + 1;
-- expect error: 22003 integer out of range

SELECT 2147483647::bigint + 1;
-- expect rows:
-- 2147483648

SELECT 2147483647::integer + 1;
-- expect error: 22003 integer out of range

SELECT 9223372036854775807 + 1;
-- expect error: 22003 bigint out of range

SELECT (-9223372036854775807 - 1) / -1;
-- expect error: 22003 bigint out of range

SELECT 32767::smallint + 1::smallint;
-- expect error: 22003 smallint out of range

SELECT 1 / 0;
-- expect error: 22012 division by zero

SELECT 1 % 0;
-- expect error: 22012 division by zero

SELECT 1.0 / 0;
-- expect error: 22012 division by zero

SELECT 1.0::float8 / 0;
-- expect error: 22012 division by zero

-- Casts.
SELECT 'abc'::integer;
-- expect error: 22P02 invalid input syntax for type integer: "abc"

SELECT ' 42 '::integer, '3.7'::numeric::integer, 2.5::integer, -2.5::integer, '1e3'::float8::bigint;
-- expect rows:
-- 42 | 4 | 3 | -3 | 1000

SELECT '3.7'::integer;
-- expect error: 22P02

SELECT CAST('true' AS BOOLEAN), 'off'::boolean, 't'::boolean;
-- expect rows:
-- t | f | t

SELECT 'maybe'::boolean;
-- expect error: 22P02

-- DATE and TIMESTAMP.
SELECT DATE '2024-02-28' + 1, DATE '2024-03-01' - 1, DATE '2024-03-01' - DATE '2024-02-01';
-- expect rows:
-- 2024-02-29 | 2024-02-29 | 29

SELECT DATE '2024-01-15' < DATE '2024-02-01', '2024-01-15'::date = DATE '2024-01-15';
-- expect rows:
-- t | t

SELECT TIMESTAMP '2024-01-02 03:04:05' < TIMESTAMP '2024-01-02 03:04:06';
-- expect rows:
-- t

SELECT extract(year FROM DATE '2024-05-06'), extract(month FROM DATE '2024-05-06'), extract(day FROM DATE '2024-05-06');
-- expect rows:
-- 2024 | 5 | 6

SELECT extract(hour FROM TIMESTAMP '2024-01-02 03:04:05'), extract(epoch FROM TIMESTAMP '1970-01-02 00:00:00');
-- expect rows:
-- 3 | 86400.000000

SELECT '2024-02-30'::date;
-- expect error: 22008 date/time field value out of range

SELECT 'soon'::date;
-- expect error: 22007 invalid input syntax for type date

CREATE TABLE events (id INTEGER PRIMARY KEY, day DATE, at TIMESTAMP);
-- expect: ok

INSERT INTO events VALUES (1, '2024-01-01', '2024-01-01 10:00:00'), (2, '2024-06-15', '2024-06-15 12:30:00'), (3, NULL, NULL);
-- expect: ok

SELECT id FROM events WHERE day BETWEEN DATE '2024-01-01' AND DATE '2024-03-01';
-- expect rows:
-- 1

SELECT id, day + 10 FROM events ORDER BY day DESC;
-- expect rows:
-- 3 | NULL
-- 2 | 2024-06-25
-- 1 | 2024-01-11

SELECT max(at), min(day) FROM events;
-- expect rows:
-- 2024-06-15 12:30:00+00 | 2024-01-01

-- now() is one value within a statement.
SELECT now() = now(), current_timestamp = now(), now() > TIMESTAMP '2020-01-01';
-- expect rows:
-- t | t | t

SELECT count(DISTINCT now()) FROM events;
-- expect rows:
-- 1

-- BYTEA.
SELECT '\x0102'::bytea, length('\x0102ff'::bytea), octet_length('\x0102'::bytea);
-- expect rows:
-- \x0102 | 3 | 2

SELECT '\x01'::bytea < '\x02'::bytea, '\x0102'::bytea > '\x01'::bytea, '\x'::bytea < '\x00'::bytea, '\xAB'::bytea = '\xab'::bytea;
-- expect rows:
-- t | t | t | t

CREATE TABLE blobs (id INTEGER PRIMARY KEY, b BYTEA);
-- expect: ok

INSERT INTO blobs VALUES (1, '\xdeadbeef'), (2, '\x00'), (3, NULL);
-- expect: ok

SELECT id, b FROM blobs ORDER BY b;
-- expect rows:
-- 2 | \x00
-- 1 | \xdeadbeef
-- 3 | NULL

SELECT '\xzz'::bytea;
-- expect error: 22P02

-- VARCHAR(n): too long is an error on store, a cast truncates.
CREATE TABLE names (n VARCHAR(3));
-- expect: ok

INSERT INTO names VALUES ('abc');
-- expect: ok

INSERT INTO names VALUES ('abcd');
-- expect error: 22001 value too long for type character varying(3)

-- Trailing spaces beyond the limit are cut silently.
INSERT INTO names VALUES ('ab   ');
-- expect: ok

SELECT n, length(n) FROM names ORDER BY n;
-- expect rows:
-- ab  | 3
-- abc | 3

SELECT 'abc'::varchar(2), CAST('hello' AS VARCHAR(1)), 'ab'::varchar(5);
-- expect rows:
-- ab | h | ab
