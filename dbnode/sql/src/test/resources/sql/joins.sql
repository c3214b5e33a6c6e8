-- INNER and LEFT joins: hash join on equality, other ON conditions as a filter, NULL keys never match.
-- Ported from the old engine's corpus; changed for PostgreSQL semantics: errors are checked by SQLSTATE
-- (42702 ambiguous column, 42P01 missing FROM-clause entry, 42703, 42712 table name used twice); EXPLAIN is the
-- indented tree of exec/Explain (HASH JOIN INNER ON (..)); RIGHT JOIN is supported now.

CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT, city TEXT);
-- expect: ok

CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER, total INTEGER);
-- expect: ok

CREATE TABLE cities (name TEXT PRIMARY KEY, country TEXT);
-- expect: ok

INSERT INTO customers VALUES (1, 'Ada', 'London'), (2, 'Bob', 'Paris'), (3, 'Cy', NULL);
-- expect: rowsAffected 3

INSERT INTO orders VALUES (10, 1, 100), (11, 1, 250), (12, 2, 75), (13, NULL, 5), (14, 9, 40);
-- expect: rowsAffected 5

INSERT INTO cities VALUES ('London', 'UK'), ('Paris', 'FR');
-- expect: rowsAffected 2

SELECT c.name, o.total FROM customers c INNER JOIN orders o ON o.customer_id = c.id ORDER BY o.id;
-- expect columns: name, total
-- expect rows:
-- Ada | 100
-- Ada | 250
-- Bob | 75

-- JOIN without a keyword is an inner join.
SELECT c.name, o.id FROM customers c JOIN orders o ON c.id = o.customer_id WHERE o.total > 80 ORDER BY o.id;
-- expect rows:
-- Ada | 10
-- Ada | 11

SELECT c.name, o.id FROM customers c LEFT JOIN orders o ON o.customer_id = c.id ORDER BY c.id, o.id;
-- expect rows:
-- Ada | 10
-- Ada | 11
-- Bob | 12
-- Cy | NULL

-- An extra ON condition filters matches but keeps unmatched left rows.
SELECT c.name, o.id FROM customers c LEFT JOIN orders o ON o.customer_id = c.id AND o.total > 200 ORDER BY c.id;
-- expect rows:
-- Ada | 11
-- Bob | NULL
-- Cy | NULL

-- WHERE on the right table of a LEFT JOIN runs after the join.
SELECT c.name FROM customers c LEFT JOIN orders o ON o.customer_id = c.id WHERE o.id IS NULL;
-- expect rows:
-- Cy

-- Orders whose customer is missing or NULL are kept by a LEFT JOIN from orders.
SELECT o.id, c.name FROM orders o LEFT JOIN customers c ON c.id = o.customer_id ORDER BY o.id;
-- expect rows:
-- 10 | Ada
-- 11 | Ada
-- 12 | Bob
-- 13 | NULL
-- 14 | NULL

-- Three tables.
SELECT c.name, ci.country, SUM(o.total) AS spent FROM customers c JOIN cities ci ON ci.name = c.city JOIN orders o ON o.customer_id = c.id GROUP BY c.name, ci.country ORDER BY spent DESC;
-- expect rows:
-- Ada | UK | 350
-- Bob | FR | 75

SELECT customers.*, orders.total FROM customers JOIN orders ON orders.customer_id = customers.id WHERE orders.id = 12;
-- expect columns: id, name, city, total
-- expect rows:
-- 2 | Bob | Paris | 75

SELECT * FROM customers c JOIN orders o ON o.customer_id = c.id WHERE o.id = 10;
-- expect columns: id, name, city, id, customer_id, total
-- expect rows:
-- 1 | Ada | London | 10 | 1 | 100

-- A non-equality ON condition is a nested loop.
SELECT c.name, o.id FROM customers c JOIN orders o ON o.total > c.id * 100 ORDER BY c.id, o.id;
-- expect rows:
-- Ada | 11
-- Bob | 11

-- Comma (cross) join with the condition in WHERE.
SELECT c.name, o.id FROM customers c, orders o WHERE c.id = o.customer_id AND c.name = 'Bob';
-- expect rows:
-- Bob | 12

EXPLAIN SELECT c.name, o.total FROM customers c JOIN orders o ON o.customer_id = c.id WHERE c.id = 1;
-- expect plan: SCAN customers AS c: PRIMARY KEY LOOKUP (c.id = 1)
-- expect plan: SCAN orders AS o: FULL SCAN
-- expect plan: HASH JOIN INNER ON (o.customer_id = c.id)

EXPLAIN SELECT c.name FROM customers c LEFT JOIN orders o ON o.total > c.id;
-- expect plan: NESTED LOOP LEFT ON (o.total > c.id)

SELECT name FROM customers c JOIN orders o ON o.customer_id = c.id;
-- expect rows (any order):
-- Ada
-- Ada
-- Bob

SELECT id FROM customers c JOIN orders o ON o.customer_id = c.id;
-- expect error: 42702 column reference "id" is ambiguous

SELECT x.name FROM customers c;
-- expect error: 42P01 missing FROM-clause entry for table "x"

SELECT c.nope FROM customers c;
-- expect error: 42703 does not exist

SELECT c.name FROM customers c JOIN customers c ON c.id = c.id;
-- expect error: 42712 table name "c" specified more than once

SELECT a.name, b.name FROM customers a JOIN customers b ON a.city = b.city AND a.id < b.id;
-- expect empty

SELECT c.name FROM customers c RIGHT JOIN orders o ON o.customer_id = c.id;
-- expect rows (any order):
-- Ada
-- Ada
-- Bob
-- NULL
-- NULL
