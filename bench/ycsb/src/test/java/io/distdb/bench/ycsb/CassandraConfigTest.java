package io.distdb.bench.ycsb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class CassandraConfigTest {

    private final CassandraConfig second = new CassandraConfig("127.0.0.2", "127.0.0.1", 17000, 19042, 16,
            Path.of("/tmp/run/node2"));

    @Test
    void yamlPutsEveryDirectoryUnderTheNodeAndSyncsTheCommitLogEverySecond() {
        String yaml = second.yaml();
        for (String line : List.of("commitlog_directory: /tmp/run/node2/commitlog",
                "saved_caches_directory: /tmp/run/node2/saved_caches", "hints_directory: /tmp/run/node2/hints",
                "cdc_raw_directory: /tmp/run/node2/cdc_raw", "  - /tmp/run/node2/data",
                "commitlog_sync: periodic", "commitlog_sync_period: 1000ms")) {
            assertTrue(yaml.lines().anyMatch(line::equals), line + " in\n" + yaml);
        }
    }

    @Test
    void yamlListensOnTheNodesAddressAndNamesTheFirstNodeAsSeed() {
        String yaml = second.yaml();
        assertTrue(yaml.contains("listen_address: 127.0.0.2\n"));
        assertTrue(yaml.contains("rpc_address: 127.0.0.2\n"));
        assertTrue(yaml.contains("- seeds: \"127.0.0.1:17000\"\n"));
        assertTrue(yaml.contains("storage_port: 17000\n"));
        assertTrue(yaml.contains("native_transport_port: 19042\n"));
        assertTrue(yaml.contains("num_tokens: 16\n"));
    }

    @Test
    void yamlIsFlatKeysAndIndentedLists() {
        // No tabs, and every top-level line a "key: value" or a key opening a list: what SnakeYAML needs.
        for (String line : second.yaml().lines().toList()) {
            assertTrue(!line.contains("\t") && (line.startsWith(" ") || line.matches("[a-z_]+:.*")), line);
        }
    }

    @Test
    void commandRunsTheDaemonWithTheJdk17OptionsAndTheHeap() {
        List<String> command = second.command(Path.of("/jdk/bin/java"), "a.jar:b.jar", Path.of("/m2/jamm-0.4.0.jar"),
                List.of("-Xms1g", "-Xmx1g"), Path.of("/tmp/run/node2/cassandra.yaml"), Path.of("/tmp/run/node2/logback.xml"));
        assertEquals("/jdk/bin/java", command.get(0));
        assertEquals("org.apache.cassandra.service.CassandraDaemon", command.get(command.size() - 1));
        assertEquals("a.jar:b.jar", command.get(command.size() - 2));
        assertTrue(command.contains("-Xmx1g"));
        assertTrue(command.contains("-javaagent:/m2/jamm-0.4.0.jar"));
        assertTrue(command.contains("-Dcassandra.config=file:///tmp/run/node2/cassandra.yaml"));
        int opens = command.indexOf("java.base/sun.nio.ch=ALL-UNNAMED");
        assertEquals("--add-opens", command.get(opens - 1));
        assertTrue(command.stream().noneMatch(o -> o.equals("-XX:+AlwaysPreTouch")));
    }
}
