-- A psql session through the wire protocol: statements one by one and several in one line, errors that
-- leave the session going, NULL display, a transaction, and psql's own formatting of the results.
\pset null '(null)'
CREATE TABLE cities (id integer PRIMARY KEY, name varchar(40) NOT NULL, population bigint, area numeric(8,2));
INSERT INTO cities VALUES (1, 'Lisbon', 545000, 100.05), (2, 'Porto', 232000, 41.42); INSERT INTO cities VALUES (3, 'Braga', NULL, 183.40);
SELECT id, name, population, area FROM cities ORDER BY id;
SELECT * FROM nowhere;
INSERT INTO cities VALUES (1, 'Duplicate', 1, 1);
SELECT name FROM cities WHERE population > 'many';
BEGIN;
UPDATE cities SET population = population + 1 WHERE id = 1;
ROLLBACK;
SELECT population FROM cities WHERE id = 1;
SELECT count(*) AS cities, sum(population) AS people FROM cities;
\x on
SELECT * FROM cities WHERE id = 2;
\x off
COPY cities (id, name, population) FROM STDIN;
4	Coimbra	106000
5	Faro	\N
\.
COPY cities FROM STDIN WITH (FORMAT csv);
6,"Viana, do Castelo",85000,319.02
7,Aveiro,abc,10
\.
COPY (SELECT id, name, population FROM cities WHERE id >= 3 ORDER BY id) TO STDOUT WITH (FORMAT csv, HEADER true);
SELECT count(*) FROM cities;
