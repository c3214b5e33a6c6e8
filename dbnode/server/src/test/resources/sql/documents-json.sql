-- documents.<collection> tables over the documents API, and JSON columns with -> and ->>.

-- document users ada {"name": "Ada", "age": 36, "address": {"city": "London", "zip": "N1"}, "tags": ["math", "code"]}
-- document users bob {"name": "Bob", "age": 25, "address": {"city": "Paris"}, "tags": []}
-- document users cy {"name": "Cy", "age": "41", "active": true}

SELECT id, doc->'address'->>'city' FROM documents.users WHERE doc->>'name' = 'Ada';
-- expect columns: id, doc->'address'->>'city'
-- expect rows:
-- ada | London

SELECT id FROM documents.users ORDER BY id;
-- expect rows:
-- ada
-- bob
-- cy

-- -> keeps JSON (returned as JSON, not a string), ->> gives text.
SELECT doc->'address', doc->'tags'->0, doc->'tags'->>1, doc->>'age' FROM documents.users WHERE id = 'ada';
-- expect json: [[{"city": "London", "zip": "N1"}, "math", "code", "36"]]

SELECT doc FROM documents.users WHERE id = 'bob';
-- expect json: [[{"name": "Bob", "age": 25, "address": {"city": "Paris"}, "tags": []}]]

-- Missing fields are NULL.
SELECT id, doc->'address'->>'city' AS city FROM documents.users ORDER BY id;
-- expect rows:
-- ada | London
-- bob | Paris
-- cy | NULL

-- Numeric comparison after CAST (Cy's age is stored as text).
SELECT id FROM documents.users WHERE CAST(doc->>'age' AS INTEGER) > 30 ORDER BY id;
-- expect rows:
-- ada
-- cy

SELECT id FROM documents.users WHERE CAST(doc->>'age' AS DOUBLE) BETWEEN 20.5 AND 36 ORDER BY id;
-- expect rows:
-- ada
-- bob

-- A JSON number compares as a number without a cast.
SELECT id FROM documents.users WHERE doc->'age' = 25;
-- expect rows:
-- bob

SELECT id FROM documents.users WHERE doc->>'active' = 'true';
-- expect rows:
-- cy

SELECT COUNT(*), SUM(CAST(doc->>'age' AS INTEGER)) FROM documents.users;
-- expect rows:
-- 3 | 102

SELECT doc->'address'->>'city' AS city, COUNT(*) FROM documents.users GROUP BY doc->'address'->>'city' ORDER BY city;
-- expect rows:
-- NULL | 1
-- London | 1
-- Paris | 1

EXPLAIN SELECT doc FROM documents.users WHERE id = 'ada';
-- expect plan: SCAN documents.users: PRIMARY KEY LOOKUP (id = 'ada')

EXPLAIN SELECT doc FROM documents.users WHERE doc->>'name' = 'Ada';
-- expect plan: SCAN documents.users: FULL SCAN

SELECT u.id FROM documents.users u WHERE u.doc->>'name' LIKE 'B%';
-- expect rows:
-- bob

-- An empty collection is an empty table.
SELECT * FROM documents.nobody;
-- expect columns: id, doc
-- expect empty

SELECT * FROM documents."bad-name";
-- expect error: unknown_table

INSERT INTO documents.users VALUES ('x', '{}');
-- expect error: sql_error read-only

DELETE FROM documents.users;
-- expect error: sql_error read-only

-- JSON columns in regular tables.
CREATE TABLE profiles (id INTEGER PRIMARY KEY, data JSON);
-- expect: ok

INSERT INTO profiles VALUES (1, '{"name": "Ada", "langs": ["en", "fr"], "level": 3}'), (2, '{"name": "Bob", "level": 1}'), (3, NULL);
-- expect: rowsAffected 3

INSERT INTO profiles VALUES (4, '{not json');
-- expect error: type_mismatch not valid JSON

SELECT id, data->>'name', data->'langs' FROM profiles ORDER BY id;
-- expect json: [[1, "Ada", ["en", "fr"]], [2, "Bob", null], [3, null, null]]

SELECT id FROM profiles WHERE CAST(data->>'level' AS INTEGER) >= 2;
-- expect rows:
-- 1

UPDATE profiles SET data = '{"name": "Bobby"}' WHERE data->>'name' = 'Bob';
-- expect: rowsAffected 1

SELECT data FROM profiles WHERE id = 2;
-- expect json: [[{"name": "Bobby"}]]

-- Joining documents with a table.
SELECT p.id, u.doc->>'age' FROM profiles p JOIN documents.users u ON u.doc->>'name' = p.data->>'name';
-- expect rows:
-- 1 | 36
