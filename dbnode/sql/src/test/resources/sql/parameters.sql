-- Statement parameters: ? (and ?N, $N) placeholders bound by position to "params" values, in every kind of
-- Ported from the old engine's corpus; changed for PostgreSQL semantics: errors are checked by SQLSTATE
-- (2201W, 08P01 parameter count, 22P02 bad text, 42804 wrong type, 23502, 42P02 parameter in DDL, 42601);
-- a parameter has one type in a statement, the first it is given ($1 in "n >= $1 AND n < $1 + $2");
-- EXPLAIN prints parameters as $n; a LIKE pattern that is a parameter is not turned into a key range.
-- statement and every place a literal may stand; wrong counts, type mismatches, NULL, and values that look
-- like SQL (which stay values).

CREATE TABLE accounts (id TEXT PRIMARY KEY, n INTEGER, score DOUBLE, active BOOLEAN, born TIMESTAMP, info JSON);
-- expect: ok

INSERT INTO accounts VALUES (?, ?, ?, ?, ?, ?);
-- params: ["a1", 10, 1.5, true, "2024-01-02T03:04:05Z", {"city": "London", "tags": [1, 2]}]
-- expect: rowsAffected 1

INSERT INTO accounts (id, n, score, active) VALUES (?, ?, ?, ?), (?, ?, ?, ?);
-- params: ["b2", 20, 2.5, false, "c3", 30, null, null]
-- expect: rowsAffected 2

SELECT id, n, score, active, born, info FROM accounts WHERE id = ?;
-- params: ["a1"]
-- expect json: [["a1", 10, 1.5, true, "2024-01-02 03:04:05+00", {"city": "London", "tags": [1, 2]}]]

SELECT id FROM accounts WHERE id = ?;
-- params: ["zz"]
-- expect empty

-- The classic injection: the value is compared as text, never read as SQL.
SELECT id FROM accounts WHERE id = ?;
-- params: ["x' OR '1'='1"]
-- expect empty

SELECT id FROM accounts WHERE id = ? OR n > ?;
-- params: ["x' OR '1'='1", 1000]
-- expect empty

INSERT INTO accounts (id, n) VALUES (?, ?);
-- params: ["'); DROP TABLE accounts; --", 99]
-- expect: rowsAffected 1

SELECT id, n FROM accounts WHERE id = ?;
-- params: ["'); DROP TABLE accounts; --"]
-- expect rows:
-- '); DROP TABLE accounts; -- | 99

DELETE FROM accounts WHERE id = ?;
-- params: ["'); DROP TABLE accounts; --"]
-- expect: rowsAffected 1

-- Point lookups by a parameter use the primary key like a literal does.
EXPLAIN SELECT id FROM accounts WHERE id = ?;
-- params: ["b2"]
-- expect plan: PRIMARY KEY LOOKUP (id = $1)

SELECT id FROM accounts WHERE id IN (?, ?, ?) ORDER BY id;
-- params: ["c3", "a1", "nope"]
-- expect rows:
-- a1
-- c3

EXPLAIN SELECT id FROM accounts WHERE id IN (?, ?);
-- params: ["c3", "a1"]
-- expect plan: PRIMARY KEY LOOKUP

SELECT id FROM accounts WHERE n BETWEEN ? AND ? ORDER BY id;
-- params: [15, 30]
-- expect rows:
-- b2
-- c3

SELECT id FROM accounts WHERE id LIKE ? ORDER BY id;
-- params: ["b%"]
-- expect rows:
-- b2

EXPLAIN SELECT id FROM accounts WHERE id LIKE ?;
-- params: ["b%"]
-- expect plan: FILTER (id LIKE $1)

SELECT id, n * ? AS scaled, ? AS label, info ->> ? AS city FROM accounts WHERE id = ?;
-- params: [3, "hello", "city", "a1"]
-- expect json: [["a1", 30, "hello", "London"]]

SELECT id FROM accounts WHERE active = ? ORDER BY id;
-- params: [false]
-- expect rows:
-- b2

SELECT id FROM accounts WHERE info = ?;
-- params: [{"city": "London", "tags": [1, 2]}]
-- expect rows:
-- a1

SELECT id FROM accounts ORDER BY id LIMIT ? OFFSET ?;
-- params: [1, 1]
-- expect rows:
-- b2

SELECT id FROM accounts ORDER BY id LIMIT ?;
-- params: [-1]
-- expect error: 2201W LIMIT must not be negative

-- NULL parameters: NULL compares to nothing, IS NULL works, and NULL is stored as NULL.
SELECT id FROM accounts WHERE score = ?;
-- params: [null]
-- expect empty

SELECT id FROM accounts WHERE ? IS NULL ORDER BY id;
-- params: [null]
-- expect rows:
-- a1
-- b2
-- c3

UPDATE accounts SET score = ?, n = n + ? WHERE id = ?;
-- params: [null, 5, "b2"]
-- expect: rowsAffected 1

SELECT id, n, score FROM accounts WHERE id = ?;
-- params: ["b2"]
-- expect rows:
-- b2 | 25 | NULL

UPDATE accounts SET info = ? WHERE id IN (?, ?);
-- params: [[1, "two", {"three": 3}], "b2", "c3"]
-- expect: rowsAffected 2

SELECT info FROM accounts WHERE id = ?;
-- params: ["c3"]
-- expect json: [[[1, "two", {"three": 3}]]]

-- Numbered placeholders: ?N and $N name their position and may repeat.
SELECT id FROM accounts WHERE n >= $1 AND n < $1 + $2 ORDER BY id;
-- params: [20, 10]
-- expect rows:
-- b2

SELECT ?2, ?1;
-- params: ["first", "second"]
-- expect json: [["second", "first"]]

-- Two aggregates that differ only in their parameter are two aggregates.
SELECT SUM(n * ?), SUM(n * ?) FROM accounts;
-- params: [1, 10]
-- expect json: [[65, 650]]

SELECT active, COUNT(*) FROM accounts WHERE n > ? GROUP BY active ORDER BY active;
-- params: [0]
-- expect rows:
-- f | 1
-- t | 1
-- NULL | 1

INSERT INTO accounts (id, n) SELECT id || ?, n + ? FROM accounts WHERE id = ?;
-- params: ["-copy", 1, "a1"]
-- expect: rowsAffected 1

SELECT id, n FROM accounts WHERE id = ?;
-- params: ["a1-copy"]
-- expect rows:
-- a1-copy | 11

DELETE FROM accounts WHERE n > ? AND id LIKE ?;
-- params: [0, "%-copy"]
-- expect: rowsAffected 1

-- A question mark in a string literal or a comment is not a placeholder.
SELECT id FROM accounts WHERE id = ? AND '?' = '?' /* ? */;
-- params: ["a1"]
-- expect rows:
-- a1

-- Wrong counts.
SELECT id FROM accounts WHERE id = ? AND n = ?;
-- params: ["a1"]
-- expect error: 08P01 takes 2 parameters but 1 was given

SELECT id FROM accounts WHERE id = ?;
-- expect error: 08P01 takes 1 parameter but 0 were given

SELECT id FROM accounts WHERE id = 'a1';
-- params: ["a1"]
-- expect error: 08P01 takes 0 parameters but 1 was given

INSERT INTO accounts (id, n) VALUES (?, ?);
-- params: ["d4", 1, 2]
-- expect error: 08P01 takes 2 parameters but 3 were given

-- Type coercion as for literals: text into INTEGER parses or fails naming the column.
INSERT INTO accounts (id, n) VALUES (?, ?);
-- params: ["d4", "abc"]
-- expect error: 22P02 invalid input syntax for type integer: "abc"

INSERT INTO accounts (id, n) VALUES (?, ?);
-- params: ["d4", "42"]
-- expect: rowsAffected 1

UPDATE accounts SET n = ? WHERE id = ?;
-- params: ["x' OR '1'='1", "d4"]
-- expect error: 22P02 invalid input syntax for type integer

UPDATE accounts SET active = ? WHERE id = ?;
-- params: [1.5, "d4"]
-- expect error: 42804 column "active" is of type boolean

INSERT INTO accounts (id, info) VALUES (?, ?);
-- params: ["e5", "not json"]
-- expect error: 22P02 invalid input syntax for type json

INSERT INTO accounts (id) VALUES (?);
-- params: [null]
-- expect error: 23502

SELECT id FROM accounts WHERE n = ?;
-- params: ["abc"]
-- expect error: 22P02 invalid input syntax for type integer: "abc"

SELECT COUNT(*) FROM accounts;
-- expect json: [[4]]

-- Parameters only stand for values: not in DDL, and :name is not a positional placeholder.
CREATE TABLE other (id INTEGER PRIMARY KEY, n INTEGER DEFAULT (?));
-- params: [1]
-- expect error: 42P02 there is no parameter $1

SELECT id FROM accounts WHERE id = :name;
-- expect error: 42601
