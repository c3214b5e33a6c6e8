-- GROUP BY with COUNT(*), COUNT(col), COUNT(DISTINCT col), SUM, AVG, MIN, MAX, HAVING; SELECT DISTINCT.
-- Ported from the old engine's corpus; changed for PostgreSQL semantics: result columns are named as
-- PostgreSQL names them (count, sum, ...); double precision prints as PostgreSQL prints it (4, not 4.0);
-- errors are checked by SQLSTATE (42803 grouping, 42883 no such function for sum(text)).

CREATE TABLE sales (id INTEGER PRIMARY KEY, region TEXT, product TEXT, qty INTEGER, price DOUBLE);
-- expect: ok

INSERT INTO sales VALUES (1, 'north', 'apple', 10, 1.5), (2, 'north', 'pear', 5, 2.0), (3, 'south', 'apple', 7, 1.5), (4, 'south', 'apple', NULL, 1.0), (5, 'east', 'fig', 1, 4.0), (6, 'north', 'apple', 3, 1.5);
-- expect: rowsAffected 6

SELECT region, COUNT(*), COUNT(qty), SUM(qty), MIN(qty), MAX(qty) FROM sales GROUP BY region ORDER BY region;
-- expect columns: region, count, count, sum, min, max
-- expect rows:
-- east | 1 | 1 | 1 | 1 | 1
-- north | 3 | 3 | 18 | 3 | 10
-- south | 2 | 1 | 7 | 7 | 7

SELECT region, AVG(price) AS avg_price FROM sales GROUP BY region ORDER BY avg_price DESC, region;
-- expect json: [["east", 4.0], ["north", 1.6666666666666667], ["south", 1.25]]

SELECT COUNT(DISTINCT product), COUNT(DISTINCT region), COUNT(product) FROM sales;
-- expect rows:
-- 3 | 3 | 6

SELECT region, COUNT(*) AS n FROM sales GROUP BY region HAVING COUNT(*) > 1 ORDER BY region;
-- expect rows:
-- north | 3
-- south | 2

SELECT region, SUM(qty * price) AS revenue FROM sales WHERE product = 'apple' GROUP BY region HAVING SUM(qty * price) > 5 ORDER BY revenue DESC;
-- expect rows:
-- north | 19.5
-- south | 10.5

-- Group by two columns; order by an aggregate that is not selected.
SELECT region, product FROM sales GROUP BY region, product ORDER BY COUNT(*) DESC, region, product;
-- expect rows:
-- north | apple
-- south | apple
-- east | fig
-- north | pear

-- Group by an expression.
SELECT UPPER(region), COUNT(*) FROM sales GROUP BY UPPER(region) ORDER BY UPPER(region);
-- expect rows:
-- EAST | 1
-- NORTH | 3
-- SOUTH | 2

-- Expressions over aggregates and group keys.
SELECT region || ':' || COUNT(*), MAX(qty) - MIN(qty) FROM sales GROUP BY region ORDER BY region;
-- expect rows:
-- east:1 | 0
-- north:3 | 7
-- south:2 | 0

-- A global aggregate is one row, also over no rows.
SELECT SUM(qty), MAX(price) FROM sales;
-- expect rows:
-- 26 | 4

SELECT region, COUNT(*) FROM sales WHERE qty > 100 GROUP BY region;
-- expect empty

SELECT DISTINCT region FROM sales ORDER BY region;
-- expect rows:
-- east
-- north
-- south

SELECT DISTINCT region, product FROM sales ORDER BY region, product;
-- expect rows:
-- east | fig
-- north | apple
-- north | pear
-- south | apple

SELECT region, product FROM sales GROUP BY region;
-- expect error: 42803 must appear in the GROUP BY clause

SELECT * FROM sales GROUP BY region;
-- expect error: 42803

SELECT region FROM sales WHERE COUNT(*) > 1 GROUP BY region;
-- expect error: 42803 aggregate functions are not allowed in WHERE

SELECT SUM(region) FROM sales;
-- expect error: 42883

SELECT region, COUNT(*) FROM sales GROUP BY region ORDER BY 2 DESC, 1 LIMIT 1;
-- expect rows:
-- north | 3
