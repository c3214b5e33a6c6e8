package io.distdb.server.metadata;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

class MetadataStateTest {

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aCommitAppliesOnlyOnTheVersionItWasComputedFromAndAllOfItOrNothing() {
        MetadataState state = new MetadataState();
        assertEquals(2, state.apply(new MetadataCommand.Commit(1, Map.of("table/a", b("1"), "table/b", b("2")), Set.of())));
        assertEquals(-1, state.apply(new MetadataCommand.Commit(1, Map.of("table/c", b("3")), Set.of("table/a"))));
        assertEquals(2, state.version());
        assertNull(state.entries().get("table/c"));
        assertEquals(3, state.apply(new MetadataCommand.Commit(2, Map.of("table/c", b("3")), Set.of("table/a"))));
        assertEquals(Set.of("table/b", "table/c"), state.entries().keySet());
    }

    @Test
    void aChangeAbortedBeforeItIsAppliedNeverIsAndAnAbortAfterItReportsTheChange() {
        MetadataState state = new MetadataState();
        MetadataCommand.Commit late = new MetadataCommand.Commit("late", 1, Map.of("table/late", b("x")), Set.of());
        assertEquals(MetadataState.ABORTED, state.apply(new MetadataCommand.Abort("late")));
        assertEquals(MetadataState.ABORTED, state.apply(late), "the sender was told nothing changed");
        assertNull(state.entries().get("table/late"));
        assertEquals(1, state.version());

        MetadataCommand.Commit slow = new MetadataCommand.Commit("slow", 1, Map.of("table/slow", b("y")), Set.of());
        assertEquals(2, state.apply(slow));
        assertEquals(2, state.apply(new MetadataCommand.Abort("slow")), "too late to abort: the change's own answer");
        assertEquals(2, state.apply(slow), "a resent change is not applied twice");
        assertEquals(2, state.version());
    }

    @Test
    void countersHandOutDisjointBlocks() {
        MetadataState state = new MetadataState();
        assertEquals(1, state.apply(new MetadataCommand.Allocate("rowid/7", 1000)));
        assertEquals(1001, state.apply(new MetadataCommand.Allocate("rowid/7", 1000)));
        assertEquals(1, state.apply(new MetadataCommand.Allocate("next-id", 1)));
        assertEquals(1, state.version(), "counters do not change the catalog's version: cached plans stay valid");
    }

    @Test
    void commandsAndSnapshotsRoundTrip() throws Exception {
        MetadataCommand.Commit commit = new MetadataCommand.Commit(4, Map.of("view/v", b("select 1")), Set.of("table/x"));
        MetadataCommand decoded = MetadataCommand.decode(commit.encode());
        MetadataCommand.Commit back = assertInstanceOf(MetadataCommand.Commit.class, decoded);
        assertEquals(4, back.expectedVersion());
        assertArrayEquals(b("select 1"), back.puts().get("view/v"));
        assertEquals(Set.of("table/x"), back.deletes());

        MetadataState state = new MetadataState();
        state.apply(new MetadataCommand.Commit(1, Map.of("table/t", b("def")), Set.of()));
        state.apply(new MetadataCommand.Allocate("next-id", 5));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        state.writeTo(new DataOutputStream(bytes));
        MetadataState copy = new MetadataState();
        copy.readFrom(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        assertEquals(state.version(), copy.version());
        assertArrayEquals(b("def"), copy.entries().get("table/t"));
        assertEquals(6, copy.counter("next-id"));
    }
}
