package io.distdb.pgwire.introspection;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The filters read from client queries: psql's regular expressions, pgjdbc's LIKE and = with parameters or literals. */
class QueryTextTest {

    @Test
    void whitespaceAndCase() {
        QueryText q = new QueryText("SELECT c.oid,\n\t  n.nspname\n\tFROM   pg_catalog.pg_class c ;", List.of());
        assertEquals("SELECT c.oid, n.nspname FROM pg_catalog.pg_class c", q.text);
        assertTrue(q.startsWith("select c.oid, n.nspname from"));
        assertEquals(q.text.length(), q.lower.length());
    }

    @Test
    void psqlRegularExpressions() {
        QueryText q = new QueryText("WHERE c.relname OPERATOR(pg_catalog.~) '^(t.*)$' COLLATE pg_catalog.default"
                + " AND n.nspname OPERATOR(pg_catalog.~) '^(public)$'", List.of());
        assertTrue(q.regexFilter("c.relname").test("t_pkey"));
        assertFalse(q.regexFilter("c.relname").test("pairs"));
        assertTrue(q.regexFilter("n.nspname").test("public"));
        assertFalse(q.regexFilter("n.nspname").test("publicx"));
        assertTrue(q.regexFilter("d.datname").test("anything")); // absent: no filter
        // psql escapes regex characters of a name with a backslash; '' is a quote.
        QueryText escaped = new QueryText("c.relname OPERATOR(pg_catalog.~) '^(a\\$b''c)$'", List.of());
        assertTrue(escaped.regexFilter("c.relname").test("a$b'c"));
        // What Java cannot compile matches nothing.
        assertFalse(new QueryText("c.relname OPERATOR(pg_catalog.~) '^(a[)$'", List.of()).regexFilter("c.relname").test("a["));
    }

    @Test
    void jdbcLikeAndEquals() {
        QueryText q = new QueryText("WHERE n.nspname LIKE $1 AND c.relname LIKE $2 AND attname LIKE E'x\\\\_%'",
                Arrays.asList("pub%", "t\\_a_"));
        assertTrue(q.likeFilter("n.nspname").test("public"));
        assertTrue(q.likeFilter("c.relname").test("t_ab"));
        assertFalse(q.likeFilter("c.relname").test("txab"));
        assertTrue(q.likeFilter("attname").test("x_1"));
        assertFalse(q.likeFilter("attname").test("xy1"));
        QueryText eq = new QueryText("AND n.nspname = E'pub\\'lic' AND ct.relname = $1", Arrays.asList((Object) null));
        assertTrue(eq.equalsFilter("n.nspname").test("pub'lic"));
        assertFalse(eq.equalsFilter("ct.relname").test("t")); // a NULL (unbound) parameter matches nothing
        assertTrue(eq.equalsFilter("x.other").test("t"));
    }

    @Test
    void oids() {
        assertEquals(16386, new QueryText("WHERE c.oid = '16386'", List.of()).oidAfter("where c.oid ="));
        assertEquals(16386, new QueryText("pg_get_viewdef('16386'::pg_catalog.oid, true)", List.of()).oidAfter("pg_get_viewdef("));
        assertEquals(-1, new QueryText("WHERE c.oid = 'x'", List.of()).oidAfter("where c.oid ="));
    }

    @Test
    void identifiersAsPostgresPrintsThem() {
        assertEquals("t_pkey", CatalogRows.ident("t_pkey"));
        assertEquals("\"order\"", CatalogRows.ident("order"));
        assertEquals("\"MyTable\"", CatalogRows.ident("MyTable"));
        assertEquals("\"a\"\"b\"", CatalogRows.ident("a\"b"));
    }
}
