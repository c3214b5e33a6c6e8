package io.distdb.storage.lsm.compaction;

import io.distdb.storage.lsm.version.TableFile;
import java.util.ArrayList;
import java.util.List;

/**
 * One unit of compaction work: tables of {@code level} and the overlapping tables of the level below,
 * merged into new tables on {@code level + 1}. {@code grandparents} (the overlapping tables two levels
 * down) bound how much a single output table may overlap there, which keeps later compactions small.
 * {@code inPlace}: the whole bottom level rewritten into itself (a full compaction with a compaction
 * filter, so that the filter sees every key).
 */
public record Compaction(int level, List<TableFile> inputs, List<TableFile> nextLevelInputs,
                         List<TableFile> grandparents, boolean trivialMove, boolean inPlace) {

    public Compaction(int level, List<TableFile> inputs, List<TableFile> nextLevelInputs,
                      List<TableFile> grandparents, boolean trivialMove) {
        this(level, inputs, nextLevelInputs, grandparents, trivialMove, false);
    }

    public int outputLevel() {
        return inPlace ? level : level + 1;
    }

    public List<TableFile> allInputs() {
        List<TableFile> all = new ArrayList<>(inputs);
        all.addAll(nextLevelInputs);
        return all;
    }

    public long inputBytes() {
        long total = 0;
        for (TableFile f : allInputs()) {
            total += f.sizeBytes();
        }
        return total;
    }

    @Override
    public String toString() {
        return "L" + level + "->L" + outputLevel() + (inPlace ? " (in place)" : "") + " " + inputs + " + " + nextLevelInputs + (trivialMove ? " (move)" : "");
    }
}
