-- RIGHT and FULL joins (unmatched rows on both sides), USING (the merged column in SELECT *), NATURAL,
-- CROSS, self joins, join + aggregate. PostgreSQL 16 results.

CREATE TABLE l (id INTEGER PRIMARY KEY, k INTEGER, lv TEXT);
-- expect: ok

CREATE TABLE r (id INTEGER PRIMARY KEY, k INTEGER, rv TEXT);
-- expect: ok

INSERT INTO l VALUES (1, 1, 'l1'), (2, 2, 'l2'), (3, NULL, 'l3');
-- expect: ok

INSERT INTO r VALUES (10, 2, 'r2'), (11, 3, 'r3'), (12, NULL, 'rn'), (13, 2, 'r2b');
-- expect: ok

SELECT l.lv, r.rv FROM l RIGHT JOIN r ON l.k = r.k ORDER BY r.id;
-- expect rows:
-- l2 | r2
-- NULL | r3
-- NULL | rn
-- l2 | r2b

SELECT l.lv, r.rv FROM l FULL JOIN r ON l.k = r.k ORDER BY l.id, r.id;
-- expect rows:
-- l1 | NULL
-- l2 | r2
-- l2 | r2b
-- l3 | NULL
-- NULL | r3
-- NULL | rn

SELECT count(*), count(l.id), count(r.id) FROM l FULL OUTER JOIN r ON l.k = r.k AND r.rv <> 'r2b';
-- expect rows:
-- 6 | 3 | 4

-- A WHERE on the nullable side of a LEFT join keeps the NULL-extended rows only when it says so.
SELECT l.lv FROM l LEFT JOIN r ON l.k = r.k WHERE r.id IS NULL ORDER BY l.id;
-- expect rows:
-- l1
-- l3

SELECT l.lv, r.rv FROM l LEFT JOIN r ON l.k = r.k AND r.rv = 'r2b' ORDER BY l.id;
-- expect rows:
-- l1 | NULL
-- l2 | r2b
-- l3 | NULL

-- USING merges the column: SELECT * shows it once, first.
SELECT * FROM l JOIN r USING (k) ORDER BY rv;
-- expect columns: k, id, lv, id, rv
-- expect rows:
-- 2 | 2 | l2 | 10 | r2
-- 2 | 2 | l2 | 13 | r2b

SELECT k, lv, rv FROM l FULL JOIN r USING (k) ORDER BY k, lv, rv;
-- expect rows:
-- 1 | l1 | NULL
-- 2 | l2 | r2
-- 2 | l2 | r2b
-- 3 | NULL | r3
-- NULL | l3 | NULL
-- NULL | NULL | rn

SELECT id FROM l JOIN r USING (k);
-- expect error: 42702 column reference "id" is ambiguous

-- NATURAL joins on every column with the same name (id and k here).
CREATE TABLE n1 (a INTEGER, b TEXT);
-- expect: ok

CREATE TABLE n2 (b TEXT, c INTEGER);
-- expect: ok

INSERT INTO n1 VALUES (1, 'x'), (2, 'y');
-- expect: ok

INSERT INTO n2 VALUES ('x', 10), ('z', 30);
-- expect: ok

SELECT * FROM n1 NATURAL JOIN n2;
-- expect columns: b, a, c
-- expect rows:
-- x | 1 | 10

SELECT * FROM n1 NATURAL LEFT JOIN n2 ORDER BY a;
-- expect rows:
-- x | 1 | 10
-- y | 2 | NULL

SELECT count(*) FROM l NATURAL JOIN r;
-- expect rows:
-- 0

-- CROSS JOIN.
SELECT n1.a, n2.c FROM n1 CROSS JOIN n2 ORDER BY 1, 2;
-- expect rows:
-- 1 | 10
-- 1 | 30
-- 2 | 10
-- 2 | 30

-- Self join.
CREATE TABLE emp (id INTEGER PRIMARY KEY, name TEXT, boss INTEGER);
-- expect: ok

INSERT INTO emp VALUES (1, 'ann', NULL), (2, 'bob', 1), (3, 'cyd', 1), (4, 'dee', 2);
-- expect: ok

SELECT e.name, b.name AS boss FROM emp e LEFT JOIN emp b ON e.boss = b.id ORDER BY e.id;
-- expect columns: name, boss
-- expect rows:
-- ann | NULL
-- bob | ann
-- cyd | ann
-- dee | bob

-- Join + aggregate.
SELECT b.name, count(e.id) AS reports FROM emp b LEFT JOIN emp e ON e.boss = b.id GROUP BY b.name ORDER BY reports DESC, b.name;
-- expect rows:
-- ann | 2
-- bob | 1
-- cyd | 0
-- dee | 0

SELECT l.lv, string_agg(r.rv, ',') FROM l JOIN r ON l.k = r.k GROUP BY l.lv;
-- expect rows:
-- l2 | r2,r2b

-- Three tables, mixed join kinds.
SELECT l.lv, r.rv, e.name FROM l LEFT JOIN r ON r.k = l.k LEFT JOIN emp e ON e.id = l.id ORDER BY l.id, r.id;
-- expect rows:
-- l1 | NULL | ann
-- l2 | r2 | bob
-- l2 | r2b | bob
-- l3 | NULL | cyd
