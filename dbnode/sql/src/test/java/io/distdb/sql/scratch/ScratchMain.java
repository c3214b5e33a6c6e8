package io.distdb.sql.scratch;

import io.distdb.sql.SqlEngine;
import io.distdb.sql.runtime.SqlResult;
import io.distdb.sql.runtime.SqlSettings;
import io.distdb.sql.slt.SltCorpus;
import io.distdb.storage.Durability;
import io.distdb.storage.lsm.LsmOptions;
import io.distdb.storage.lsm.LsmStore;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** Runs the statements of a file (separated by lines with only ';;'), printing results. Not a test. */
public class ScratchMain {
    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("scratch");
        try (LsmStore store = LsmStore.open(dir, LsmOptions.builder().durability(Durability.NONE).build())) {
            SqlEngine engine = SqlEngine.standalone(store, SqlSettings.defaults());
            String text = Files.readString(Path.of(args[0]));
            for (String stmt : text.split("\n;;\n")) {
                if (stmt.isBlank()) continue;
                try {
                    SqlResult r = engine.execute(stmt);
                    if (r.hasRows()) {
                        System.out.println(r.columnNames() + " (" + r.rows().size() + " rows)");
                        for (Object[] row : r.rows().subList(0, Math.min(60, r.rows().size()))) System.out.println("  " + Arrays.toString(row));
                    } else {
                        System.out.println(r.commandTag());
                    }
                } catch (Exception e) {
                    System.out.println("ERROR " + e.getClass().getSimpleName() + " " + (e instanceof io.distdb.sql.errors.SqlException s ? s.sqlState() : "") + ": " + e.getMessage());
                    if (!(e instanceof io.distdb.sql.errors.SqlException)) e.printStackTrace(System.out);
                }
            }
        }
    }
}
