package io.distdb.server.sql.pushdown;

import io.distdb.server.replication.EntryShaper;
import io.distdb.server.replication.Versioned;
import io.distdb.server.sql.codec.RowCodec;
import io.distdb.server.sql.expr.Expr;
import io.distdb.server.sql.expr.ExprCompiler;

/**
 * The replica side of a {@link PushedScan}: a row that fails the pushed conditions goes back as a
 * tombstone at its own timestamp (so it still hides older versions of the row on other replicas), a row
 * that passes goes back with only the columns the statement reads. A row the conditions cannot be
 * evaluated on (a type error) is sent whole, so that the coordinator reports the error as a single node
 * would.
 */
public final class RowShaper implements EntryShaper {

    private final byte[] spec;
    private final RowCodec codec;
    private final int width;
    private final Expr filter;
    private final boolean[] kept;
    private final String description;

    RowShaper(byte[] spec, RowCodec codec, int width, Expr filter, boolean[] kept, String description) {
        this.spec = spec;
        this.codec = codec;
        this.width = width;
        this.filter = filter;
        this.kept = kept;
        this.description = description;
    }

    @Override
    public byte[] spec() {
        return spec;
    }

    @Override
    public Versioned shape(byte[] key, Versioned live) {
        Object[] row = codec.decode(live.payload(), width);
        if (filter != null) {
            try {
                if (!ExprCompiler.isTrue(filter.eval(row))) {
                    return Versioned.tombstone(live.timestamp());
                }
            } catch (RuntimeException evaluationFailed) {
                return live;
            }
        }
        if (kept == null) {
            return live;
        }
        for (int i = 0; i < row.length; i++) {
            if (!kept[i]) {
                row[i] = null;
            }
        }
        return Versioned.value(live.timestamp(), codec.encode(row));
    }

    /** The EXPLAIN text of what replicas do. */
    public String describe() {
        return description;
    }
}
