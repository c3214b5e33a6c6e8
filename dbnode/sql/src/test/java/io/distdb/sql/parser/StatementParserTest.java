package io.distdb.sql.parser;

import io.distdb.sql.errors.SqlException;
import io.distdb.sql.ast.Expr;
import io.distdb.sql.ast.FromItem;
import io.distdb.sql.ast.Query;
import io.distdb.sql.ast.Statement;
import io.distdb.sql.ast.TypeName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.distdb.sql.parser.ParserTestSupport.PARSER;
import static io.distdb.sql.parser.ParserTestSupport.error;
import static io.distdb.sql.parser.ParserTestSupport.parse;
import static io.distdb.sql.parser.ParserTestSupport.print;
import static io.distdb.sql.parser.ParserTestSupport.syntaxError;
import static io.distdb.sql.parser.ParserTestSupport.unsupported;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StatementParserTest {

    private static Query query(String sql) {
        return assertInstanceOf(Statement.QueryStatement.class, parse(sql)).query();
    }

    private static Query.Select select(String sql) {
        return assertInstanceOf(Query.Select.class, query(sql).body());
    }

    @Test
    void selectClauses() {
        assertEquals("SELECT DISTINCT a, (b + 1) AS c, t.* FROM t WHERE (a > 1) GROUP BY a, (b + 1) HAVING (count(*) > 2)"
                        + " ORDER BY a DESC NULLS FIRST, c NULLS LAST LIMIT 10 OFFSET 5",
                print("select distinct a, b + 1 as c, t.* from t where a > 1 group by a, b+1 having count(*) > 2 "
                        + "order by a desc nulls first, c asc nulls last limit 10 offset 5"));
        assertEquals("SELECT a AS x, b AS \"Y\", c AS \"from\" FROM t", print("SELECT a x, b \"Y\", c AS from FROM t"));
        assertEquals("SELECT 1", print("SELECT ALL 1;"));
        assertEquals("SELECT * FROM t LIMIT 3 OFFSET 1", print("SELECT * FROM t OFFSET 1 ROWS FETCH FIRST 3 ROWS ONLY"));
        assertEquals("SELECT * FROM t LIMIT 1", print("SELECT * FROM t FETCH NEXT ROW ONLY"));
        assertEquals("SELECT * FROM t", print("SELECT * FROM t LIMIT ALL"));
        assertEquals("SELECT * FROM t", print("TABLE t"));
        Query.Select s = select("select *, x.* from x");
        assertEquals(new Expr.Star(null, 7), s.items().get(0).expr());
        assertEquals(new Expr.Star("x", 10), s.items().get(1).expr());
        unsupported("SELECT DISTINCT ON (a) a FROM t");
        unsupported("SELECT a INTO b FROM t");
        unsupported("SELECT * FROM t FOR UPDATE");
        unsupported("SELECT * FROM t LIMIT 1, 2");
        unsupported("SELECT * FROM t FETCH FIRST 1 ROWS WITH TIES");
    }

    @Test
    void fromAndJoins() {
        assertEquals("SELECT * FROM t1 CROSS JOIN t2, s.t3 AS x (a, b)", print("SELECT * FROM t1 CROSS JOIN t2, s.t3 x(a, b)"));
        assertEquals("SELECT * FROM a JOIN b ON (a.x = b.x) LEFT JOIN c USING (y) RIGHT JOIN d ON TRUE FULL JOIN e ON FALSE",
                print("select * from a inner join b on a.x = b.x left outer join c using (y) right join d on true "
                        + "full outer join e on false"));
        assertEquals("SELECT * FROM a NATURAL JOIN b NATURAL LEFT JOIN c", print("select * from a natural join b natural left join c"));
        assertEquals("SELECT * FROM a JOIN (b JOIN c ON p) ON q", print("select * from a join (b join c on p) on q"));
        assertEquals("SELECT * FROM a JOIN b ON p JOIN c ON q", print("select * from ((a join b on p) join c on q)"));
        assertEquals("SELECT * FROM (SELECT 1) AS s (x) JOIN (VALUES (2)) AS v ON TRUE",
                print("select * from (select 1) as s(x) join (values (2)) v on true"));
        assertEquals("SELECT * FROM (SELECT 1)", print("select * from (select 1)"));
        assertEquals("SELECT * FROM (SELECT 1 UNION SELECT 2) AS u", print("select * from ((select 1) union (select 2)) u"));
        assertEquals("SELECT * FROM (SELECT 1) AS s JOIN b ON TRUE", print("select * from ((select 1) s join b on true)"));
        assertEquals("SELECT * FROM (SELECT 1) AS s", print("select * from (((select 1))) s"));
        FromItem.Join join = assertInstanceOf(FromItem.Join.class, select("select * from a left join b on true").from().get(0));
        assertEquals(FromItem.JoinType.LEFT, join.type());
        assertEquals(new FromItem.Table(null, "a", null, List.of(), 14), join.left());
        unsupported("SELECT * FROM generate_series(1, 3)");
        unsupported("SELECT * FROM LATERAL (SELECT 1) s");
        unsupported("SELECT * FROM (a JOIN b ON TRUE) AS j");
        syntaxError("SELECT * FROM a JOIN b", 1, 23);
        syntaxError("SELECT * FROM a NATURAL CROSS JOIN b", 1, 25);
    }

    @Test
    void setOperations() {
        Query.SetOperation union = assertInstanceOf(Query.SetOperation.class,
                query("SELECT 1 UNION SELECT 2 INTERSECT SELECT 3").body());
        assertEquals(Query.SetOp.UNION, union.op());
        assertEquals(Query.SetOp.INTERSECT, assertInstanceOf(Query.SetOperation.class, union.right()).op());
        assertEquals("SELECT 1 UNION (SELECT 2 INTERSECT SELECT 3)", print("SELECT 1 UNION SELECT 2 INTERSECT SELECT 3"));
        assertEquals("SELECT 1 INTERSECT SELECT 2 UNION ALL SELECT 3 EXCEPT SELECT 4",
                print("SELECT 1 INTERSECT SELECT 2 UNION ALL SELECT 3 EXCEPT DISTINCT SELECT 4"));
        assertEquals("SELECT 1 UNION (SELECT 2 UNION SELECT 3)", print("SELECT 1 UNION (SELECT 2 UNION SELECT 3)"));
        // ORDER BY and LIMIT after a set operation apply to the whole.
        Query q = query("SELECT a FROM t UNION SELECT b FROM u ORDER BY 1 LIMIT 2");
        assertInstanceOf(Query.SetOperation.class, q.body());
        assertEquals(1, q.orderBy().size());
        // A parenthesized query with clauses of its own is nested.
        Query.SetOperation nested = assertInstanceOf(Query.SetOperation.class,
                query("(SELECT a FROM t ORDER BY a LIMIT 1) UNION ALL SELECT 2").body());
        assertInstanceOf(Query.Nested.class, nested.left());
        assertEquals("(SELECT a FROM t ORDER BY a LIMIT 1) UNION ALL SELECT 2",
                print("(SELECT a FROM t ORDER BY a LIMIT 1) UNION ALL SELECT 2"));
        assertEquals("SELECT 1 LIMIT 1", print("((SELECT 1 LIMIT 1))"));
        assertEquals("VALUES (1, 'a'), (2, 'b')", print("VALUES (1, 'a'), (2, 'b')"));
        syntaxError("VALUES (1), (1, 2)", 1, 13);
    }

    @Test
    void with() {
        Query q = query("WITH a AS (SELECT 1), b (x, y) AS MATERIALIZED (VALUES (1, 2)) SELECT * FROM a, b");
        assertEquals(2, q.with().size());
        assertEquals(List.of("x", "y"), q.with().get(1).columns());
        assertEquals("WITH a AS (SELECT 1) SELECT * FROM a", print("with a as not materialized (select 1) select * from a"));
        unsupported("WITH RECURSIVE r AS (SELECT 1) SELECT * FROM r");
        unsupported("WITH a AS (SELECT 1) DELETE FROM t");
        unsupported("WITH a AS (DELETE FROM t RETURNING *) SELECT * FROM a");
    }

    @Test
    void insert() {
        Statement.Insert i = assertInstanceOf(Statement.Insert.class,
                parse("INSERT INTO t1(e,c,b,d,a) VALUES(103,102,100,101,104), (1, DEFAULT, 3, 4, 5)"));
        assertEquals("t1", i.table());
        assertEquals(List.of("e", "c", "b", "d", "a"), i.columns());
        Query.Values values = assertInstanceOf(Query.Values.class, i.source().body());
        assertEquals(new Expr.Default(59), values.rows().get(1).get(1));
        assertEquals("INSERT INTO t SELECT * FROM u WHERE (a > 1)", print("insert into t select * from u where a > 1"));
        assertEquals("INSERT INTO t (a) SELECT 1 UNION SELECT 2", print("insert into t (a) (select 1) union select 2"));
        assertEquals("INSERT INTO t SELECT 1", print("insert into t (select 1)"));
        assertEquals("INSERT INTO s.t DEFAULT VALUES RETURNING *, a AS b", print("insert into s.t default values returning *, a b"));
        assertEquals("INSERT INTO t (a, b) VALUES (1, 2) ON CONFLICT (a) DO NOTHING",
                print("insert into t (a, b) values (1, 2) on conflict (a) do nothing"));
        assertEquals("INSERT INTO t VALUES (1) ON CONFLICT DO NOTHING", print("insert into t values (1) on conflict do nothing"));
        Statement.Insert upsert = assertInstanceOf(Statement.Insert.class, parse(
                "INSERT INTO t (a, b) VALUES (1, 2) ON CONFLICT (a) DO UPDATE SET b = excluded.b + 1, c = DEFAULT "
                        + "WHERE t.b < excluded.b RETURNING a"));
        assertEquals(List.of("a"), upsert.onConflict().target());
        assertFalse(upsert.onConflict().doNothing());
        assertEquals(2, upsert.onConflict().set().size());
        assertInstanceOf(Expr.Default.class, upsert.onConflict().set().get(1).value());
        assertEquals("INSERT INTO t (a, b) VALUES (1, 2) ON CONFLICT (a) DO UPDATE SET b = (excluded.b + 1), c = DEFAULT "
                + "WHERE (t.b < excluded.b) RETURNING a", SqlPrinter.print(upsert));
        syntaxError("INSERT INTO t SELECT DEFAULT", 1, 22);
        unsupported("INSERT INTO t VALUES (1) ON CONFLICT ON CONSTRAINT c DO NOTHING");
    }

    @Test
    void updateAndDelete() {
        Statement.Update u = assertInstanceOf(Statement.Update.class,
                parse("UPDATE t AS x SET a = DEFAULT, b = b + 1 WHERE x.c = 1 RETURNING a"));
        assertEquals(new FromItem.Table(null, "t", "x", List.of(), 7), u.table());
        assertEquals(new Statement.Assignment("a", new Expr.Default(22)), u.set().get(0));
        assertEquals("UPDATE t AS x SET a = DEFAULT, b = (b + 1) WHERE (x.c = 1) RETURNING a", SqlPrinter.print(u));
        assertEquals("UPDATE s.t SET set = 1", print("update s.t set set = 1"));
        assertEquals("UPDATE set SET a = 1", print("update set set a = 1"));
        assertEquals("UPDATE t AS v SET a = 1", print("update t v set a = 1"));
        Statement.Delete d = assertInstanceOf(Statement.Delete.class, parse("DELETE FROM t x WHERE x.a = 1 RETURNING *"));
        assertEquals("x", d.table().alias());
        assertEquals("DELETE FROM t", print("delete from t"));
        unsupported("UPDATE t SET (a, b) = (1, 2)");
        unsupported("UPDATE t SET a = 1 FROM u");
        unsupported("DELETE FROM t USING u");
    }

    @Test
    void createTable() {
        Statement.CreateTable c = assertInstanceOf(Statement.CreateTable.class, parse(
                "CREATE TABLE IF NOT EXISTS t1(a INTEGER PRIMARY KEY, b VARCHAR(30) NOT NULL DEFAULT 'x', "
                        + "c numeric(10, 2) unique null, d double precision default -1.5, key text, value int, "
                        + "CONSTRAINT u UNIQUE (b, c), UNIQUE (d))"));
        assertTrue(c.ifNotExists());
        assertEquals(new Statement.ColumnSpec("a", new TypeName("integer", List.of(), 32), false, true, false, null),
                c.columns().get(0));
        Statement.ColumnSpec b = c.columns().get(1);
        assertEquals(new TypeName("varchar", List.of(30), 55), b.type());
        assertTrue(b.notNull());
        assertEquals(List.of(10, 2), c.columns().get(2).type().modifiers());
        assertTrue(c.columns().get(2).unique());
        assertEquals("double precision", c.columns().get(3).type().name());
        assertEquals(List.of(List.of("b", "c"), List.of("d")), c.uniques());
        assertEquals(List.of(), c.primaryKey());
        assertEquals("CREATE TABLE IF NOT EXISTS t1 (a integer PRIMARY KEY, b varchar(30) NOT NULL DEFAULT 'x', "
                + "c numeric(10, 2) UNIQUE, d double precision DEFAULT (-1.5), key text, value int, UNIQUE (b, c), UNIQUE (d))",
                SqlPrinter.print(c));
        assertEquals("CREATE TABLE t (a int, b text, PRIMARY KEY (a, b))", print("create table t (a int, b text, primary key (a, b))"));
        assertEquals("CREATE TABLE t (a int NOT NULL DEFAULT (1 + 2))", print("create table t (a int default 1 + 2 not null)"));
        assertEquals("CREATE TABLE t ()", print("create table t ()"));
        Statement.CreateTable as = assertInstanceOf(Statement.CreateTable.class, parse("CREATE TABLE t (x, y) AS SELECT 1, 2"));
        assertEquals(new Statement.ColumnSpec("x", null, false, false, false, null), as.columns().get(0));
        assertEquals("CREATE TABLE t AS SELECT * FROM u", print("create table t as select * from u"));
        assertEquals("42P16", error("CREATE TABLE t (a int PRIMARY KEY, b int, PRIMARY KEY (b))").sqlState());
        syntaxError("CREATE TABLE t (a, b int)", 1, 18);
        syntaxError("CREATE TABLE t (a int, b int) AS SELECT 1", 1, 8);
        unsupported("CREATE TABLE t (a int CHECK (a > 0))");
        unsupported("CREATE TABLE t (a int REFERENCES u (a))");
        unsupported("CREATE TABLE t (a text COLLATE \"C\")");
        unsupported("CREATE TABLE t (a int, FOREIGN KEY (a) REFERENCES u (a))");
        unsupported("CREATE TABLE t (a int, CHECK (a > 0))");
        unsupported("CREATE TEMP TABLE t (a int)");
        unsupported("CREATE TABLE t (a int[])");
        unsupported("CREATE TABLE t (a interval)");
        unsupported("CREATE SEQUENCE s");
    }

    @Test
    void indexesViewsAndDrops() {
        assertEquals(new Statement.CreateIndex("t1i0", "t1", List.of("a1"), false, false, "btree"),
                parse("CREATE INDEX t1i0 ON t1(a1)"));
        assertEquals(new Statement.CreateIndex("i", "t", List.of("a", "b"), true, true, "hash"),
                parse("CREATE UNIQUE INDEX IF NOT EXISTS i ON t USING HASH (a, b DESC)"));
        assertEquals(new Statement.CreateIndex("i", "t", List.of("a"), false, false, "hash"),
                parse("CREATE INDEX i ON t (a ASC) USING HASH"));
        assertEquals(new Statement.CreateIndex(null, "t", List.of("a"), false, false, "btree"), parse("create index on t (a)"));
        unsupported("CREATE INDEX i ON t USING gin (a)");
        unsupported("CREATE INDEX i ON t (lower(a))");
        unsupported("CREATE INDEX i ON t (a) WHERE a > 1");
        assertEquals(new Statement.DropIndex("t1i0", false, null), parse("DROP INDEX t1i0"));
        assertEquals(new Statement.DropIndex("i", true, "t"), parse("drop index if exists i on t"));
        assertEquals(new Statement.DropTable(List.of("a", "s.b"), true, true), parse("DROP TABLE IF EXISTS a, s.b CASCADE"));
        assertEquals(new Statement.DropTable(List.of("a"), false, false), parse("drop table a restrict"));
        assertEquals(new Statement.DropView(List.of("v", "w"), true), parse("DROP VIEW IF EXISTS v, w"));

        String sql = "CREATE OR REPLACE VIEW v (x, y) AS\n  SELECT a, b FROM t WHERE a > 1 /* c */  ;";
        Statement.CreateView v = assertInstanceOf(Statement.CreateView.class, parse(sql));
        assertEquals("SELECT a, b FROM t WHERE a > 1", v.queryText());
        assertTrue(v.orReplace());
        assertEquals(List.of("x", "y"), v.columns());
        Statement.CreateView v2 = assertInstanceOf(Statement.CreateView.class,
                parse("create view v as (select 1) union (select 2)"));
        assertEquals("(select 1) union (select 2)", v2.queryText());
        assertFalse(v2.orReplace());
        unsupported("CREATE MATERIALIZED VIEW v AS SELECT 1");
        unsupported("CREATE VIEW v AS SELECT 1 WITH CHECK OPTION");
    }

    @Test
    void alterTable() {
        Statement.AlterTable a = assertInstanceOf(Statement.AlterTable.class, parse(
                "ALTER TABLE IF EXISTS t ADD COLUMN IF NOT EXISTS c int NOT NULL DEFAULT 0, ADD d text, "
                        + "DROP COLUMN IF EXISTS e, DROP f, RENAME COLUMN g TO h, RENAME i TO j, RENAME TO u, "
                        + "ALTER COLUMN c SET DEFAULT 1 + 2, ALTER c DROP DEFAULT, ALTER c SET NOT NULL, ALTER COLUMN c DROP NOT NULL"));
        assertTrue(a.ifExists());
        assertEquals(11, a.actions().size());
        assertEquals(new Statement.AlterAction.DropColumn("e", true), a.actions().get(2));
        assertEquals(new Statement.AlterAction.RenameColumn("i", "j"), a.actions().get(5));
        assertEquals(new Statement.AlterAction.RenameTable("u"), a.actions().get(6));
        assertEquals(new Statement.AlterAction.SetDefault("c", null), a.actions().get(8));
        assertEquals(new Statement.AlterAction.SetNotNull("c", false), a.actions().get(10));
        assertEquals("ALTER TABLE IF EXISTS t ADD COLUMN IF NOT EXISTS c int NOT NULL DEFAULT 0, ADD COLUMN d text, "
                + "DROP COLUMN IF EXISTS e, DROP COLUMN f, RENAME COLUMN g TO h, RENAME COLUMN i TO j, RENAME TO u, "
                + "ALTER COLUMN c SET DEFAULT (1 + 2), ALTER COLUMN c DROP DEFAULT, ALTER COLUMN c SET NOT NULL, "
                + "ALTER COLUMN c DROP NOT NULL", SqlPrinter.print(a));
        unsupported("ALTER TABLE t ADD CONSTRAINT c UNIQUE (a)");
        unsupported("ALTER TABLE t ALTER COLUMN c TYPE bigint");
        unsupported("ALTER INDEX i RENAME TO j");
    }

    @Test
    void utilityStatements() {
        assertEquals(new Statement.Truncate(List.of("a", "b")), parse("TRUNCATE a, b"));
        assertEquals(new Statement.Truncate(List.of("a")), parse("truncate table a"));
        for (String begin : List.of("BEGIN", "begin work", "BEGIN TRANSACTION", "START TRANSACTION")) {
            assertEquals(new Statement.Transaction(Statement.Transaction.Kind.BEGIN), parse(begin), begin);
        }
        for (String commit : List.of("COMMIT", "commit work", "END", "end transaction")) {
            assertEquals(new Statement.Transaction(Statement.Transaction.Kind.COMMIT), parse(commit), commit);
        }
        for (String rollback : List.of("ROLLBACK", "rollback work", "ABORT")) {
            assertEquals(new Statement.Transaction(Statement.Transaction.Kind.ROLLBACK), parse(rollback), rollback);
        }
        assertEquals(new Statement.Set("search_path", "public, x"), parse("SET search_path = public, \"x\""));
        assertEquals(new Statement.Set("statement_timeout", "5000"), parse("set session statement_timeout to 5000"));
        assertEquals(new Statement.Set("a.b", "-1"), parse("SET LOCAL a.b = -1"));
        assertEquals(new Statement.Set("timezone", "UTC"), parse("SET TIME ZONE 'UTC'"));
        assertEquals(new Statement.Set("x", "on"), parse("SET x TO ON"));
        assertEquals(new Statement.Set("x", "DEFAULT"), parse("SET x TO DEFAULT"));
        assertEquals(new Statement.Show("search_path"), parse("SHOW search_path"));
        assertEquals(new Statement.Show("timezone"), parse("SHOW TIME ZONE"));
        Statement.Explain e = assertInstanceOf(Statement.Explain.class, parse("EXPLAIN ANALYZE SELECT 1"));
        assertTrue(e.analyze());
        assertEquals("EXPLAIN DELETE FROM t", print("explain delete from t"));
        assertEquals("EXPLAIN ANALYZE UPDATE t SET a = 1", print("explain (analyze true, costs off) update t set a = 1"));
        assertEquals("EXPLAIN INSERT INTO t VALUES (1)", print("explain insert into t values (1)"));
        unsupported("BEGIN ISOLATION LEVEL SERIALIZABLE");
        unsupported("ROLLBACK TO SAVEPOINT a");
        unsupported("SAVEPOINT a");
        unsupported("GRANT SELECT ON t TO u");
        unsupported("COPY t FROM '/tmp/t.csv'");
        unsupported("EXPLAIN (FORMAT JSON) SELECT 1");
        syntaxError("EXPLAIN CREATE TABLE t (a int)", 1, 9);
        syntaxError("FOO", 1, 1);
    }

    @Test
    void keywordsAsNames() {
        assertEquals("SELECT key, value, name, text, date, data, action, \"first\", \"last\", index, view FROM set "
                        + "WHERE (\"timestamp\" > 1)",
                print("select key, value, name, text, date, data, action, first, last, index, view from set "
                        + "where timestamp > 1"));
        assertEquals(new Statement.CreateTable("t", false, List.of(
                        new Statement.ColumnSpec("key", new TypeName("text", List.of(), 20), false, false, false, null),
                        new Statement.ColumnSpec("timestamp", new TypeName("timestamp", List.of(), 36), false, false, false, null),
                        new Statement.ColumnSpec("date", new TypeName("date", List.of(), 52), false, false, false, null)),
                        List.of(), List.of(), null, 7),
                parse("CREATE TABLE t (key text, timestamp timestamp, date date)"));
        syntaxError("SELECT select FROM t", 1, 8);
        syntaxError("CREATE TABLE t (from int)", 1, 17);
    }

    @Test
    void scripts() {
        List<Statement> script = PARSER.parseScript(";;SELECT 1; ;\n CREATE TABLE t (a int);\nINSERT INTO t VALUES (1);;");
        assertEquals(3, script.size());
        assertInstanceOf(Statement.Insert.class, script.get(2));
        assertEquals(1, PARSER.parseScript("SELECT 1").size());
        SqlException empty = syntaxError(" ;; -- nothing\n", 2, 1);
        assertEquals("the statement is empty", empty.getMessage());
        syntaxError("", 1, 1);
        SqlException two = syntaxError("SELECT 1;\nSELECT 2", 2, 1);
        assertTrue(two.getMessage().contains("only one statement"), two.getMessage());
        syntaxError("SELECT 1 SELECT 2", 1, 10);
        assertNull(assertInstanceOf(Statement.Insert.class, parse("INSERT INTO t DEFAULT VALUES;")).source());
    }
}
