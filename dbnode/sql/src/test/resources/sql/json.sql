-- JSON columns with -> and ->>.
-- Ported from the old engine's corpus. Changes for PostgreSQL semantics: errors are checked by SQLSTATE
-- (22P02 for text that is not JSON). The statements over documents.<collection> tables and the
-- "-- document" steps that stored their documents are gone: the node-level integration tests cover them.

-- JSON columns in regular tables.
CREATE TABLE profiles (id INTEGER PRIMARY KEY, data JSON);
-- expect: ok

INSERT INTO profiles VALUES (1, '{"name": "Ada", "langs": ["en", "fr"], "level": 3}'), (2, '{"name": "Bob", "level": 1}'), (3, NULL);
-- expect: rowsAffected 3

INSERT INTO profiles VALUES (4, '{not json');
-- expect error: 22P02 invalid input syntax for type json

INSERT INTO profiles VALUES (5, '{"level": -1.5e3084444444444444444444444444444}');
-- expect error: 22003 number in json out of range

SELECT id, data->>'name', data->'langs' FROM profiles ORDER BY id;
-- expect json: [[1, "Ada", ["en", "fr"]], [2, "Bob", null], [3, null, null]]

SELECT id FROM profiles WHERE CAST(data->>'level' AS INTEGER) >= 2;
-- expect rows:
-- 1

UPDATE profiles SET data = '{"name": "Bobby"}' WHERE data->>'name' = 'Bob';
-- expect: rowsAffected 1

SELECT data FROM profiles WHERE id = 2;
-- expect json: [[{"name": "Bobby"}]]

-- -> keeps JSON, ->> gives text; a missing key or index is NULL.
SELECT data->'langs'->0, data->'langs'->>1, data->'nope', data->>'level' FROM profiles WHERE id = 1;
-- expect json: [["en", "fr", null, "3"]]

SELECT data->>'name' AS name, count(*) FROM profiles GROUP BY data->>'name' ORDER BY name;
-- expect columns: name, count
-- expect rows:
-- Ada | 1
-- Bobby | 1
-- NULL | 1
