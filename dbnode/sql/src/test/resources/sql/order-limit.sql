-- ORDER BY (several keys, ASC/DESC, NULLs last on ASC and first on DESC), LIMIT and OFFSET.
-- Ported from the old engine's corpus; changed for PostgreSQL semantics: NULLs sort LAST ascending and FIRST
-- descending (the old engine did the opposite); errors are checked by SQLSTATE (42P10, 2201W).

CREATE TABLE scores (id INTEGER PRIMARY KEY, player TEXT, points INTEGER, team TEXT);
-- expect: ok

INSERT INTO scores VALUES (1, 'ann', 10, 'red'), (2, 'ben', 30, 'blue'), (3, 'cat', NULL, 'red'), (4, 'dan', 20, 'blue'), (5, 'eli', 30, 'red'), (6, 'fay', 20, NULL);
-- expect: rowsAffected 6

SELECT player FROM scores ORDER BY points;
-- expect rows:
-- ann
-- dan
-- fay
-- ben
-- eli
-- cat

SELECT player FROM scores ORDER BY points DESC, player;
-- expect rows:
-- cat
-- ben
-- eli
-- dan
-- fay
-- ann

SELECT player FROM scores ORDER BY points DESC NULLS FIRST, player DESC;
-- expect rows:
-- cat
-- eli
-- ben
-- fay
-- dan
-- ann

SELECT player, team FROM scores ORDER BY team, points DESC;
-- expect rows:
-- ben | blue
-- dan | blue
-- cat | red
-- eli | red
-- ann | red
-- fay | NULL

SELECT player FROM scores ORDER BY player DESC LIMIT 2;
-- expect rows:
-- fay
-- eli

SELECT player FROM scores ORDER BY id LIMIT 2 OFFSET 3;
-- expect rows:
-- dan
-- eli

SELECT player FROM scores ORDER BY id OFFSET 4;
-- expect rows:
-- eli
-- fay

SELECT player FROM scores ORDER BY id LIMIT 0;
-- expect empty

SELECT player FROM scores ORDER BY id LIMIT 10 OFFSET 10;
-- expect empty

-- Without ORDER BY, LIMIT stops the scan early (primary key order).
SELECT id FROM scores LIMIT 3;
-- expect rows:
-- 1
-- 2
-- 3

-- ORDER BY an alias, a select-list position, or an expression not selected.
SELECT player AS p, points * 2 AS dbl FROM scores WHERE points IS NOT NULL ORDER BY dbl DESC, p LIMIT 3;
-- expect rows:
-- ben | 60
-- eli | 60
-- dan | 40

SELECT player, points FROM scores WHERE points IS NOT NULL ORDER BY 2, 1 DESC;
-- expect rows:
-- ann | 10
-- fay | 20
-- dan | 20
-- eli | 30
-- ben | 30

SELECT player FROM scores ORDER BY LENGTH(team) DESC, id;
-- expect rows:
-- fay
-- ben
-- dan
-- ann
-- cat
-- eli

SELECT player FROM scores ORDER BY 3;
-- expect error: 42P10 ORDER BY position 3 is not in select list

SELECT DISTINCT team FROM scores ORDER BY team DESC;
-- expect rows:
-- NULL
-- red
-- blue

SELECT id FROM scores LIMIT -1;
-- expect error: 2201W LIMIT must not be negative
