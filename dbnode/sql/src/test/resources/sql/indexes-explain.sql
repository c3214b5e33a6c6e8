-- CREATE/DROP INDEX and the planner's choice, shown by EXPLAIN. Results are the same whichever path is used.
-- Ported from the old engine's corpus; changed for PostgreSQL semantics: EXPLAIN is the indented tree of
-- exec/Explain (conditions fully bracketed, BETWEEN shown as its two comparisons, aggregates lower case);
-- errors are checked by SQLSTATE (42P07, 42703, 42P01, 0A000, 42704); EXPLAIN INSERT is supported now.

CREATE TABLE items (id INTEGER PRIMARY KEY, sku TEXT, category TEXT, price INTEGER, stock INTEGER);
-- expect: ok

INSERT INTO items VALUES (1, 'A-1', 'tools', 100, 5), (2, 'A-2', 'tools', 250, 0), (3, 'B-1', 'toys', 40, 12), (4, 'B-2', 'toys', 40, 3), (5, 'C-1', 'food', 7, NULL), (6, 'AB-9', NULL, NULL, 1);
-- expect: rowsAffected 6

-- Before any index.
EXPLAIN SELECT * FROM items WHERE price = 40;
-- expect plan: SCAN items: FULL SCAN
-- expect plan: FILTER (price = 40)

EXPLAIN SELECT * FROM items WHERE id = 3;
-- expect plan: SCAN items: PRIMARY KEY LOOKUP (id = 3)

EXPLAIN SELECT * FROM items WHERE id IN (1, 3);
-- expect plan: PRIMARY KEY LOOKUP (id IN (1, 3))

EXPLAIN SELECT * FROM items WHERE id > 2 AND id <= 4;
-- expect plan: SCAN items: PRIMARY KEY RANGE (id > 2 AND id <= 4)

SELECT id FROM items WHERE id > 2 AND id <= 4;
-- expect rows:
-- 3
-- 4

EXPLAIN SELECT * FROM items WHERE id BETWEEN 2 AND 3;
-- expect plan: PRIMARY KEY RANGE (id >= 2 AND id <= 3)

-- Indexes are built from the existing rows.
CREATE INDEX items_price ON items (price);
-- expect: ok

CREATE INDEX items_category ON items (category) USING HASH;
-- expect: ok

CREATE INDEX items_sku ON items USING BTREE (sku);
-- expect: ok

CREATE INDEX items_cat_price ON items (category, price);
-- expect: ok

CREATE INDEX items_price ON items (stock);
-- expect error: 42P07 already exists

CREATE INDEX IF NOT EXISTS items_price ON items (stock);
-- expect: ok

CREATE INDEX bad ON items (nope);
-- expect error: 42703

CREATE INDEX bad ON nope (x);
-- expect error: 42P01

CREATE INDEX bad ON items (price) USING GIST;
-- expect error: 0A000

EXPLAIN SELECT * FROM items WHERE price = 40;
-- expect plan: SCAN items: BTREE INDEX items_price RANGE (price = 40)

SELECT id FROM items WHERE price = 40 ORDER BY id;
-- expect rows:
-- 3
-- 4

EXPLAIN SELECT id FROM items WHERE price > 50;
-- expect plan: BTREE INDEX items_price RANGE (price > 50)

SELECT id FROM items WHERE price > 50 ORDER BY id;
-- expect rows:
-- 1
-- 2

-- Ranges never return NULLs.
SELECT id FROM items WHERE price < 50 ORDER BY id;
-- expect rows:
-- 3
-- 4
-- 5

EXPLAIN SELECT id FROM items WHERE price BETWEEN 40 AND 100;
-- expect plan: BTREE INDEX items_price RANGE (price >= 40 AND price <= 100)

SELECT id FROM items WHERE price BETWEEN 40 AND 100 ORDER BY id;
-- expect rows:
-- 1
-- 3
-- 4

-- Equality on a hash index.
EXPLAIN SELECT id FROM items WHERE category = 'toys';
-- expect plan: SCAN items: HASH INDEX items_category (category = 'toys')

SELECT id FROM items WHERE category = 'toys' ORDER BY id;
-- expect rows:
-- 3
-- 4

EXPLAIN SELECT id FROM items WHERE category IN ('toys', 'food');
-- expect plan: HASH INDEX items_category

SELECT id FROM items WHERE category IN ('toys', 'food') ORDER BY id;
-- expect rows:
-- 3
-- 4
-- 5

-- A hash index cannot serve a range: the composite btree index with the same first column does.
EXPLAIN SELECT id FROM items WHERE category > 't';
-- expect plan: BTREE INDEX items_cat_price RANGE (category > 't')

-- Both columns of the composite index: equality on the first, range on the second.
EXPLAIN SELECT id FROM items WHERE category = 'tools' AND price >= 200;
-- expect plan: BTREE INDEX items_cat_price RANGE (category = 'tools' AND price >= 200)

SELECT id FROM items WHERE category = 'tools' AND price >= 200;
-- expect rows:
-- 2

-- Full equality on a composite btree beats one hash column.
EXPLAIN SELECT id FROM items WHERE category = 'toys' AND price = 40;
-- expect plan: BTREE INDEX items_cat_price RANGE (category = 'toys' AND price = 40)

-- Prefix LIKE uses a btree range; the pattern is still checked.
EXPLAIN SELECT id FROM items WHERE sku LIKE 'A-%';
-- expect plan: BTREE INDEX items_sku RANGE (sku LIKE 'A-%')

SELECT sku FROM items WHERE sku LIKE 'A-%' ORDER BY sku;
-- expect rows:
-- A-1
-- A-2

SELECT sku FROM items WHERE sku LIKE 'A%1' ORDER BY sku;
-- expect rows:
-- A-1

EXPLAIN SELECT id FROM items WHERE sku LIKE '%1';
-- expect plan: FULL SCAN

-- The primary key beats every index; residual conditions are filters.
EXPLAIN SELECT id FROM items WHERE id = 3 AND price = 40 AND stock > 1;
-- expect plan: PRIMARY KEY LOOKUP (id = 3)
-- expect plan: FILTER (id = 3) AND (price = 40) AND (stock > 1)

SELECT id FROM items WHERE id = 3 AND price = 40 AND stock > 100;
-- expect empty

-- A unique index beats a non-unique one.
CREATE UNIQUE INDEX items_sku_unique ON items (sku) USING HASH;
-- expect: ok

EXPLAIN SELECT id FROM items WHERE sku = 'B-1' AND price = 40;
-- expect plan: HASH INDEX items_sku_unique UNIQUE (sku = 'B-1')

-- A condition against another type or a non-constant is not used for a lookup.
EXPLAIN SELECT id FROM items WHERE price = stock;
-- expect plan: FULL SCAN

EXPLAIN SELECT id FROM items WHERE price + 0 = 40;
-- expect plan: FULL SCAN

-- OR is not split: full scan.
EXPLAIN SELECT id FROM items WHERE price = 40 OR id = 1;
-- expect plan: FULL SCAN

-- Indexes are maintained by INSERT, UPDATE and DELETE.
INSERT INTO items VALUES (7, 'D-1', 'toys', 40, 2);
-- expect: rowsAffected 1

UPDATE items SET price = 41 WHERE id = 3;
-- expect: rowsAffected 1

DELETE FROM items WHERE id = 4;
-- expect: rowsAffected 1

SELECT id FROM items WHERE price = 40;
-- expect rows:
-- 7

SELECT id FROM items WHERE category = 'toys' ORDER BY id;
-- expect rows:
-- 3
-- 7

UPDATE items SET category = 'games' WHERE category = 'toys';
-- expect: rowsAffected 2

SELECT id FROM items WHERE category = 'toys';
-- expect empty

SELECT id FROM items WHERE category = 'games' AND price = 41;
-- expect rows:
-- 3

-- EXPLAIN of UPDATE and DELETE.
EXPLAIN UPDATE items SET stock = 0 WHERE price = 7;
-- expect plan: SCAN items: BTREE INDEX items_price RANGE (price = 7)
-- expect plan: UPDATE items

EXPLAIN DELETE FROM items WHERE id = 1;
-- expect plan: SCAN items: PRIMARY KEY LOOKUP (id = 1)
-- expect plan: DELETE FROM items

EXPLAIN SELECT category, COUNT(*) FROM items WHERE price > 10 GROUP BY category HAVING COUNT(*) > 1 ORDER BY category LIMIT 5;
-- expect plan: BTREE INDEX items_price RANGE (price > 10)
-- expect plan: AGGREGATE GROUP BY category: count(*)
-- expect plan: FILTER
-- expect plan: SORT category
-- expect plan: LIMIT 5

-- Composite primary key ranges.
CREATE TABLE events (stream TEXT, seq INTEGER, body TEXT, PRIMARY KEY (stream, seq));
-- expect: ok

INSERT INTO events VALUES ('a', 1, 'a1'), ('a', 2, 'a2'), ('a', 3, 'a3'), ('b', 1, 'b1');
-- expect: rowsAffected 4

EXPLAIN SELECT body FROM events WHERE stream = 'a';
-- expect plan: PRIMARY KEY RANGE (stream = 'a')

EXPLAIN SELECT body FROM events WHERE stream = 'a' AND seq >= 2;
-- expect plan: PRIMARY KEY RANGE (stream = 'a' AND seq >= 2)

SELECT body FROM events WHERE stream = 'a' AND seq >= 2;
-- expect rows:
-- a2
-- a3

EXPLAIN SELECT body FROM events WHERE stream = 'a' AND seq = 2;
-- expect plan: PRIMARY KEY LOOKUP (stream = 'a' AND seq = 2)

-- Only the second key column: no prefix, full scan.
EXPLAIN SELECT body FROM events WHERE seq = 1;
-- expect plan: FULL SCAN

SELECT body FROM events WHERE seq = 1 ORDER BY body;
-- expect rows:
-- a1
-- b1

DROP INDEX items_price ON items;
-- expect: ok

EXPLAIN SELECT id FROM items WHERE price = 40;
-- expect no plan: items_price

DROP INDEX items_sku;
-- expect: ok

DROP INDEX items_sku;
-- expect error: 42704 does not exist

DROP INDEX IF EXISTS items_sku;
-- expect: ok

DROP INDEX items_category ON events;
-- expect error: 42000 belongs to table "items"

EXPLAIN INSERT INTO items VALUES (99, 'x', 'y', 1, 1);
-- expect plan: INSERT INTO items
-- expect plan: VALUES 1 rows
