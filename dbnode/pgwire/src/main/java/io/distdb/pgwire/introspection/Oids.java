package io.distdb.pgwire.introspection;

/**
 * The OIDs the catalog answers give relations, derived from the engine's catalog ids so that the same
 * relation has the same OID in every answer and across connections (psql's {@code \d t} first asks for
 * the OID, then describes {@code c.oid = '<oid>'}), and so that an OID leads back to its relation:
 * <ul>
 *   <li>a table: {@code 16384 + 2 * id} (16384 is PostgreSQL's first OID for user objects);</li>
 *   <li>a secondary index (its own catalog id, from the same counter as tables'): {@code 16384 + 2 * id};</li>
 *   <li>a table's primary key, which PostgreSQL shows as the index {@code <table>_pkey}:
 *       {@code 16384 + 2 * tableId + 1};</li>
 *   <li>a view, which has no catalog id: {@code 2^30 + (hash of its name mod 2^30)}.</li>
 * </ul>
 * All stay below 2^31, so clients that read an OID as a signed int read it right.
 */
final class Oids {

    static final long FIRST_USER_OID = 16384;
    static final long VIEW_BASE = 1L << 30;
    /** pg_catalog and public, as in PostgreSQL. */
    static final long PG_CATALOG_NAMESPACE = 11;
    static final long PUBLIC_NAMESPACE = 2200;

    private Oids() {
    }

    static long table(int tableId) {
        return FIRST_USER_OID + 2L * tableId;
    }

    static long index(int indexId) {
        return FIRST_USER_OID + 2L * indexId;
    }

    static long primaryKey(int tableId) {
        return FIRST_USER_OID + 2L * tableId + 1;
    }

    static long view(String name) {
        // 64-bit FNV-1a of the name: specified here, so stable across versions and JVMs.
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < name.length(); i++) {
            h ^= name.charAt(i);
            h *= 0x100000001b3L;
        }
        return VIEW_BASE + (h & (VIEW_BASE - 1));
    }
}
