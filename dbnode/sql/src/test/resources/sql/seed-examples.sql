-- The statements of the seed READMEs, exactly as written there.
-- Ported from the old engine's corpus; changed for PostgreSQL semantics: EXPLAIN is the indented tree of
-- exec/Explain.

-- Seed 000 (hash-db): the SQL interface.
CREATE TABLE people (people_name TEXT, age INTEGER);
-- expect: ok

select * from people;
-- expect columns: people_name, age
-- expect empty

insert into people (people_name, age) values ('Sam', 29);
-- expect: rowsAffected 1

select * from people;
-- expect columns: people_name, age
-- expect json: [["Sam", 29]]

-- Seed 002 (DistDB in Python): Using SQL directly.
CREATE TABLE products (id INTEGER, name TEXT, price INTEGER);
-- expect: rowsAffected 0

INSERT INTO products (id, name, price) VALUES (1, 'Widget', 100);
-- expect: rowsAffected 1

INSERT INTO products (id, name, price) VALUES (2, 'Gadget', 40), (3, 'Gizmo', 75);
-- expect: rowsAffected 2

SELECT * FROM products WHERE price > 50 ORDER BY price DESC;
-- expect columns: id, name, price
-- expect rows:
-- 1 | Widget | 100
-- 3 | Gizmo | 75

-- Seed 002: the client calls as SQL (create_table, insert, select where, create_index, update, delete).
CREATE TABLE users (id INTEGER, name TEXT, email TEXT, age INTEGER);
-- expect: ok

INSERT INTO users (id, name, email, age) VALUES (1, 'Alice', 'alice@example.com', 25);
-- expect: rowsAffected 1

SELECT * FROM users WHERE age = 25;
-- expect rows:
-- 1 | Alice | alice@example.com | 25

CREATE INDEX idx_age ON users (age) USING BTREE;
-- expect: ok

EXPLAIN SELECT * FROM users WHERE age = 25;
-- expect plan: BTREE INDEX idx_age RANGE (age = 25)

UPDATE users SET age = 26 WHERE id = 1;
-- expect: rowsAffected 1

SELECT id, age FROM users WHERE age = 26;
-- expect rows:
-- 1 | 26

SELECT id FROM users WHERE age = 25;
-- expect empty

DROP INDEX idx_age ON users;
-- expect: ok

EXPLAIN SELECT * FROM users WHERE age = 26;
-- expect plan: FULL SCAN

DELETE FROM users WHERE id = 1;
-- expect: rowsAffected 1

SELECT * FROM users;
-- expect empty

-- Seed 002's documented syntax forms.
CREATE INDEX idx_name ON users (name) USING HASH;
-- expect: ok

DROP INDEX idx_name ON users;
-- expect: ok

DROP TABLE users;
-- expect: ok

SELECT * FROM products ORDER BY id LIMIT 2;
-- expect rows:
-- 1 | Widget | 100
-- 2 | Gadget | 40
