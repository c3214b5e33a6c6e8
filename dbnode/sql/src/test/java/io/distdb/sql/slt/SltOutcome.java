package io.distdb.sql.slt;

/** What became of one {@code statement} or {@code query} record. */
public enum SltOutcome {
    /** Did what the script expects. */
    PASSED("passed"),
    /**
     * Returned something else than the script expects, or succeeded where the script expects an error: the
     * worst outcome, a wrong answer rather than a missing one.
     */
    WRONG("wrong"),
    /** Expected to succeed; the engine raised SQLSTATE 0A000 (feature not supported). */
    FAILED_UNSUPPORTED("failed_unsupported"),
    /** Expected to succeed; the engine raised another SQL error. */
    FAILED_ERROR("failed_error"),
    /** The engine threw something other than a SQL error. */
    CRASHED("crashed"),
    /** Not for this database ({@code skipif postgresql}, {@code onlyif <other>}). */
    SKIPPED("skipped");

    private final String label;

    SltOutcome(String label) {
        this.label = label;
    }

    /** The name reports use, such as {@code failed_unsupported}. */
    public String label() {
        return label;
    }

    /** Whether a record with this outcome ran and did not pass. */
    public boolean isFailure() {
        return this != PASSED && this != SKIPPED;
    }
}
