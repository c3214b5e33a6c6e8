package io.distdb.bench.ycsb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CqlStatementsTest {

    private static final Set<String> UNSORTED = new LinkedHashSet<>(List.of("field7", "field2"));

    @Test
    void readsAndScansAllColumnsOrTheFieldsAsked() {
        assertEquals("SELECT * FROM usertable WHERE y_id = ?", CqlStatements.read("usertable", null));
        assertEquals("SELECT field2, field7 FROM usertable WHERE y_id = ?", CqlStatements.read("usertable", UNSORTED));
        assertEquals("SELECT * FROM usertable WHERE token(y_id) >= token(?) LIMIT ?", CqlStatements.scan("usertable", null));
    }

    @Test
    void writesNameTheFieldsInSortedOrder() {
        assertEquals("UPDATE usertable SET field2 = ?, field7 = ? WHERE y_id = ?", CqlStatements.update("usertable", UNSORTED));
        assertEquals("INSERT INTO usertable (y_id, field2, field7) VALUES (?, ?, ?)", CqlStatements.insert("usertable", UNSORTED));
        assertEquals("DELETE FROM usertable WHERE y_id = ?", CqlStatements.delete("usertable"));
    }

    @Test
    void theTableHasTheKeyAndTextFields() {
        assertEquals("CREATE TABLE ycsb.usertable (y_id text PRIMARY KEY, field0 text, field1 text)",
                CqlStatements.createTable("ycsb", "usertable", 2));
    }
}
