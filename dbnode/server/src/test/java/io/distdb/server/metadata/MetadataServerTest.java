package io.distdb.server.metadata;

import org.apache.ratis.protocol.RaftPeer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Real Ratis servers in one JVM: the group founds, commits, fails over, grows, and catches a member up. */
class MetadataServerTest {

    @TempDir
    Path dir;

    private final Map<String, MetadataServer> servers = new LinkedHashMap<>();
    private final Map<String, Integer> ports = new LinkedHashMap<>();

    @AfterEach
    void stop() throws IOException {
        for (MetadataServer s : servers.values()) {
            s.close();
        }
    }

    private MetadataServer.Settings settings(String id) {
        return new MetadataServer.Settings(dir.resolve(id), "127.0.0.1", ports.get(id), 300, 600, 20, 5000);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private List<RaftPeer> voters(String... ids) {
        List<RaftPeer> peers = new ArrayList<>();
        for (String id : ids) {
            peers.add(MetadataServer.peer(id, "localhost:" + ports.get(id), false));
        }
        return peers;
    }

    private void found(String... ids) throws IOException {
        for (String id : ids) {
            ports.put(id, freePort());
        }
        for (String id : ids) {
            servers.put(id, MetadataServer.found(id, settings(id), voters(ids)));
        }
    }

    private static MetadataCommand.Commit put(long expected, String key, String value) {
        return new MetadataCommand.Commit(expected, Map.of(key, value.getBytes(StandardCharsets.UTF_8)), Set.of());
    }

    private MetadataServer leader() throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            for (MetadataServer s : servers.values()) {
                if (s.isLeader()) {
                    return s;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no leader");
    }

    @Test
    void aChangeThroughOneMemberIsAppliedOnEveryMemberAndAStaleVersionIsRefused() throws Exception {
        found("a", "b", "c");
        MetadataServer.Reply first = servers.get("b").submit(put(1, "table/t", "one"));
        assertEquals(2, first.value());
        assertEquals(-1, servers.get("c").submit(put(1, "table/u", "lost")).value(), "computed from version 1, which is gone");
        for (MetadataServer s : servers.values()) {
            s.sync();
            assertArrayEquals("one".getBytes(StandardCharsets.UTF_8), s.stateMachine().view().entries().get("table/t"));
            assertEquals(2, s.stateMachine().view().version());
        }
        long a = servers.get("a").submit(new MetadataCommand.Allocate("rowid/1", 1000)).value();
        long b = servers.get("c").submit(new MetadataCommand.Allocate("rowid/1", 1000)).value();
        assertEquals(Set.of(1L, 1001L), Set.of(a, b));
    }

    @Test
    void theGroupChangesTheCatalogAfterItsLeaderStopsAndNotWithoutAQuorum() throws Exception {
        found("a", "b", "c");
        servers.get("a").submit(put(1, "table/t", "one"));
        MetadataServer leader = leader();
        leader.close();
        servers.remove(leader.selfId());
        MetadataServer survivor = servers.values().iterator().next();
        assertEquals(3, survivor.submit(put(2, "table/u", "two")).value());
        MetadataServer other = servers.values().stream().filter(s -> s != survivor).findFirst().orElseThrow();
        other.close();
        servers.remove(other.selfId());
        assertThrows(MetadataServer.UnavailableException.class, () -> survivor.submit(put(3, "table/v", "three")));
    }

    @Test
    void aMemberAddedLaterCatchesUpFromASnapshotAndAStoppedOneRecovers() throws Exception {
        found("a", "b", "c");
        long version = 1;
        for (int i = 0; i < 60; i++) {
            version = servers.get("a").submit(put(version, "table/t" + i, "v" + i)).value();
        }
        ports.put("d", freePort());
        servers.put("d", MetadataServer.join("d", settings("d")));
        MetadataServer leader = leader();
        List<RaftPeer> listeners = List.of(MetadataServer.peer("d", "localhost:" + ports.get("d"), true));
        assertTrue(leader.setMembers(voters("a", "b", "c"), listeners));
        MetadataServer d = servers.get("d");
        assertEquals(Set.of("d"), leader.membership().listeners());
        d.sync();
        assertEquals(61, d.stateMachine().view().entries().size() + 1);
        assertEquals(version, d.stateMachine().view().version());

        servers.get("b").close();
        servers.put("b", MetadataServer.recover("b", settings("b")));
        version = servers.get("c").submit(put(version, "table/after", "x")).value();
        servers.get("b").sync();
        assertEquals(version, servers.get("b").stateMachine().view().version());
    }
}
