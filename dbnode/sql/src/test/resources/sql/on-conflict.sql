-- INSERT ... ON CONFLICT DO NOTHING / DO UPDATE SET ... = excluded.x [WHERE], on the primary key and on a
-- unique index; TRUNCATE. PostgreSQL 16 results.

CREATE TABLE kv (k TEXT PRIMARY KEY, v INTEGER, hits INTEGER DEFAULT 0);
-- expect: ok

INSERT INTO kv (k, v) VALUES ('a', 1), ('b', 2);
-- expect: rowsAffected 2

INSERT INTO kv (k, v) VALUES ('a', 100), ('c', 3) ON CONFLICT DO NOTHING;
-- expect tag: INSERT 0 1

INSERT INTO kv (k, v) VALUES ('a', 100) ON CONFLICT (k) DO NOTHING;
-- expect tag: INSERT 0 0

SELECT k, v FROM kv ORDER BY k;
-- expect rows:
-- a | 1
-- b | 2
-- c | 3

INSERT INTO kv (k, v) VALUES ('a', 10), ('d', 4) ON CONFLICT (k) DO UPDATE SET v = excluded.v, hits = kv.hits + 1;
-- expect tag: INSERT 0 2

SELECT k, v, hits FROM kv ORDER BY k;
-- expect rows:
-- a | 10 | 1
-- b | 2 | 0
-- c | 3 | 0
-- d | 4 | 0

-- The WHERE of DO UPDATE: rows it rejects are left as they are and not counted.
INSERT INTO kv (k, v) VALUES ('a', 5), ('b', 50) ON CONFLICT (k) DO UPDATE SET v = excluded.v WHERE excluded.v > kv.v;
-- expect tag: INSERT 0 1

SELECT k, v FROM kv WHERE k IN ('a', 'b') ORDER BY k;
-- expect rows:
-- a | 10
-- b | 50

INSERT INTO kv (k, v) VALUES ('a', 7) ON CONFLICT (k) DO UPDATE SET v = kv.v + excluded.v RETURNING k, v;
-- expect rows:
-- a | 17

-- The same key proposed twice in one statement.
INSERT INTO kv (k, v) VALUES ('z', 1), ('z', 2) ON CONFLICT (k) DO UPDATE SET v = excluded.v;
-- expect error: 21000 ON CONFLICT DO UPDATE command cannot affect row a second time

SELECT count(*) FROM kv WHERE k = 'z';
-- expect rows:
-- 0

-- DO NOTHING also skips the second proposal of a key within the statement.
INSERT INTO kv (k, v) VALUES ('y', 1), ('y', 2) ON CONFLICT DO NOTHING;
-- expect tag: INSERT 0 1

SELECT v FROM kv WHERE k = 'y';
-- expect rows:
-- 1

INSERT INTO kv (k, v) VALUES ('a', 1) ON CONFLICT (v) DO NOTHING;
-- expect error: 42P10 there is no unique or exclusion constraint matching the ON CONFLICT specification

-- On a unique index.
CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT, name TEXT);
-- expect: ok

CREATE UNIQUE INDEX users_email ON users (email);
-- expect: ok

INSERT INTO users VALUES (1, 'a@x', 'Ann'), (2, 'b@x', 'Bob');
-- expect: ok

INSERT INTO users VALUES (3, 'a@x', 'Ann2') ON CONFLICT (email) DO UPDATE SET name = excluded.name;
-- expect tag: INSERT 0 1

SELECT id, email, name FROM users ORDER BY id;
-- expect rows:
-- 1 | a@x | Ann2
-- 2 | b@x | Bob

INSERT INTO users VALUES (3, 'b@x', 'x') ON CONFLICT (email) DO NOTHING;
-- expect tag: INSERT 0 0

-- A conflict on a constraint not named in ON CONFLICT is still an error.
INSERT INTO users VALUES (1, 'new@x', 'x') ON CONFLICT (email) DO NOTHING;
-- expect error: 23505

INSERT INTO users VALUES (1, 'new@x', 'x') ON CONFLICT DO NOTHING;
-- expect tag: INSERT 0 0

-- TRUNCATE.
TRUNCATE users;
-- expect tag: TRUNCATE TABLE

SELECT count(*) FROM users;
-- expect rows:
-- 0

-- The unique index was emptied too.
INSERT INTO users VALUES (1, 'a@x', 'Ann');
-- expect: rowsAffected 1

TRUNCATE TABLE kv, users;
-- expect: ok

SELECT (SELECT count(*) FROM kv) + (SELECT count(*) FROM users);
-- expect rows:
-- 0

TRUNCATE nope;
-- expect error: 42P01
