package io.distdb.server.sql;

import io.distdb.server.metadata.MetadataCommand;
import io.distdb.server.metadata.MetadataGroup;
import io.distdb.server.metadata.MetadataServer;
import io.distdb.server.metadata.MetadataStateMachine;
import io.distdb.sql.errors.SqlErrors;
import io.distdb.sql.catalog.CatalogStore;

import java.util.Map;
import java.util.Set;

/**
 * The SQL catalog of a node, kept by the cluster's metadata group: every node reads its own replica of
 * the group's state, DDL commits through the group's leader, and a DDL statement returns once every
 * member has the change, or after {@code visibilityWaitMillis} when one does not answer (a member that is
 * down must not make every DDL slow; one that is merely late catches up when it meets a name it does not
 * know, see {@link #sync}).
 */
final class MetadataCatalogStore implements CatalogStore {

    private final MetadataGroup group;
    private final long startWaitMillis;
    private final long visibilityWaitMillis;

    MetadataCatalogStore(MetadataGroup group, long startWaitMillis, long visibilityWaitMillis) {
        this.group = group;
        this.startWaitMillis = startWaitMillis;
        this.visibilityWaitMillis = visibilityWaitMillis;
    }

    @Override
    public Contents read() {
        MetadataServer server = group.running().orElse(null);
        if (server == null) {
            return new Contents(0, Map.of()); // nothing yet; the catalog reads again once the group runs
        }
        MetadataStateMachine.View view = server.stateMachine().view();
        return new Contents(view.version(), view.entries());
    }

    @Override
    public long commit(long expectedVersion, Map<String, byte[]> puts, Set<String> deletes) {
        MetadataServer server = server();
        MetadataServer.Reply reply = call(() -> server.submit(new MetadataCommand.Commit(expectedVersion, puts, deletes)));
        if (reply.value() >= 0) {
            server.awaitEveryone(reply.logIndex(), visibilityWaitMillis);
        }
        return reply.value();
    }

    @Override
    public long allocate(String counter, long count) {
        MetadataServer server = server();
        return call(() -> server.submit(new MetadataCommand.Allocate(counter, count))).value();
    }

    @Override
    public void onChange(Runnable listener) {
        group.onChange(listener);
    }

    @Override
    public void sync() {
        MetadataServer server = server();
        call(() -> {
            server.sync();
            return null;
        });
    }

    private MetadataServer server() {
        return call(() -> group.server(startWaitMillis));
    }

    private static <T> T call(java.util.function.Supplier<T> action) {
        try {
            return action.get();
        } catch (MetadataServer.UnavailableException e) {
            throw SqlErrors.unavailable(e.getMessage());
        }
    }
}
