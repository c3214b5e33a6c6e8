-- SELECT with expressions, aliases, * and t.*, and every WHERE operator.
-- Ported from the old engine's corpus; changed for PostgreSQL semantics: result columns are named as
-- PostgreSQL names them (?column? for an operator expression); timestamps print as 2024-01-02 03:04:05+00
-- (TIMESTAMP values are timestamptz in this engine); double precision prints without a trailing .0.

CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT, age INTEGER, city TEXT, score DOUBLE);
-- expect: ok

INSERT INTO people VALUES (1, 'Ada', 36, 'London', 9.5), (2, 'Bob', 25, 'Paris', 7), (3, 'Cy', 41, 'London', NULL), (4, 'Dee', 19, NULL, 8.25), (5, 'eve', 30, 'Berlin', 6.5);
-- expect: rowsAffected 5

SELECT * FROM people WHERE id = 1;
-- expect columns: id, name, age, city, score
-- expect rows:
-- 1 | Ada | 36 | London | 9.5

SELECT p.* FROM people p WHERE p.id = 2;
-- expect rows:
-- 2 | Bob | 25 | Paris | 7

SELECT name AS who, age + 1 AS next_age, age * 2, age / 2, age % 7, -age, score * 2 FROM people WHERE id = 1;
-- expect columns: who, next_age, ?column?, ?column?, ?column?, ?column?, ?column?
-- expect json: [["Ada", 37, 72, 18, 1, -36, 19.0]]

SELECT name || ' from ' || city FROM people WHERE id = 2;
-- expect rows:
-- Bob from Paris

SELECT LOWER(name), UPPER(name), LENGTH(name), ABS(-age), COALESCE(city, 'nowhere') FROM people WHERE id = 4;
-- expect rows:
-- dee | DEE | 3 | 19 | nowhere

SELECT name, CASE WHEN age >= 40 THEN 'old' WHEN age >= 30 THEN 'mid' ELSE 'young' END AS band FROM people ORDER BY id;
-- expect rows:
-- Ada | mid
-- Bob | young
-- Cy | old
-- Dee | young
-- eve | mid

SELECT CASE city WHEN 'London' THEN 'UK' WHEN 'Paris' THEN 'FR' END FROM people ORDER BY id;
-- expect rows:
-- UK
-- FR
-- UK
-- NULL
-- NULL

SELECT 1 + 2, 'x' || 'y', 7 / 2, 7.0 / 2, 2 * 3 = 6;
-- expect json: [[3, "xy", 3, 3.5, true]]

SELECT name FROM people WHERE age = 25;
-- expect rows:
-- Bob

SELECT name FROM people WHERE age <> 25 AND age != 36 ORDER BY id;
-- expect rows:
-- Cy
-- Dee
-- eve

SELECT name FROM people WHERE age < 25 OR age > 40 ORDER BY id;
-- expect rows:
-- Cy
-- Dee

SELECT name FROM people WHERE age <= 25 ORDER BY id;
-- expect rows:
-- Bob
-- Dee

SELECT name FROM people WHERE age >= 36 ORDER BY id;
-- expect rows:
-- Ada
-- Cy

SELECT name FROM people WHERE NOT (age > 20) ORDER BY id;
-- expect rows:
-- Dee

SELECT name FROM people WHERE id IN (1, 3, 5, 99) ORDER BY id;
-- expect rows:
-- Ada
-- Cy
-- eve

SELECT name FROM people WHERE city NOT IN ('London', 'Paris') ORDER BY id;
-- expect rows:
-- eve

SELECT name FROM people WHERE age BETWEEN 25 AND 36 ORDER BY id;
-- expect rows:
-- Ada
-- Bob
-- eve

SELECT name FROM people WHERE age NOT BETWEEN 25 AND 36 ORDER BY id;
-- expect rows:
-- Cy
-- Dee

SELECT name FROM people WHERE name LIKE 'A%';
-- expect rows:
-- Ada

SELECT name FROM people WHERE name LIKE '_o_';
-- expect rows:
-- Bob

SELECT name FROM people WHERE name NOT LIKE '%e%' ORDER BY id;
-- expect rows:
-- Ada
-- Bob
-- Cy

SELECT name FROM people WHERE name LIKE 'E%';
-- expect empty

SELECT name FROM people WHERE name ILIKE 'E%';
-- expect rows:
-- eve

SELECT name FROM people WHERE city IS NULL;
-- expect rows:
-- Dee

SELECT COUNT(*) FROM people WHERE city IS NOT NULL;
-- expect rows:
-- 4

SELECT name FROM people WHERE score > 7 AND city = 'London' OR name = 'Dee' ORDER BY id;
-- expect rows:
-- Ada
-- Dee

-- Numbers compare across INTEGER and DOUBLE.
SELECT name FROM people WHERE score = 7 AND age = 25.0;
-- expect rows:
-- Bob

-- Text that holds a number compares as a number.
SELECT name FROM people WHERE age = '41';
-- expect rows:
-- Cy

SELECT CAST(age AS TEXT) || '!', CAST('12' AS INTEGER) + 1, CAST(score AS INTEGER), CAST(1 AS BOOLEAN) FROM people WHERE id = 1;
-- expect json: [["36!", 13, 10, true]]

SELECT TIMESTAMP '2024-01-02 03:04:05';
-- expect json: [["2024-01-02 03:04:05+00"]]

SELECT name FROM people WHERE name = 'Ada' AND 1 = 0;
-- expect empty
