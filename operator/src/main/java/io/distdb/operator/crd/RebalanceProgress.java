package io.distdb.operator.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.distdb.admin.api.RebalanceState;

/** The rebalance of one epoch: each member's part, and their sum. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RebalanceProgress {

    private Long epoch;
    private RebalanceState state;
    private Integer rangesDone;
    private Integer rangesTotal;
    private Long bytesMoved;
    @com.fasterxml.jackson.annotation.JsonPropertyDescription("The progress in words, as kubectl get shows it: ranges done of all, bytes moved.")
    private String summary;
    @com.fasterxml.jackson.annotation.JsonPropertyDescription("Each member's part, as it last reported it.")
    private java.util.List<NodeRebalanceProgress> nodes = new java.util.ArrayList<>();

    public RebalanceProgress() {
    }

    /** The sums over {@code nodes}; {@code state} is decided by the caller (it depends on who must take part). */
    public RebalanceProgress(long epoch, RebalanceState state, java.util.List<NodeRebalanceProgress> nodes) {
        this.epoch = epoch;
        this.state = state;
        this.nodes = new java.util.ArrayList<>(nodes);
        this.rangesDone = nodes.stream().mapToInt(NodeRebalanceProgress::getRangesDone).sum();
        this.rangesTotal = nodes.stream().mapToInt(NodeRebalanceProgress::getRangesTotal).sum();
        this.bytesMoved = nodes.stream().mapToLong(NodeRebalanceProgress::getBytesMoved).sum();
        this.summary = summary(state, rangesDone, rangesTotal, bytesMoved);
    }

    public java.util.List<NodeRebalanceProgress> getNodes() {
        return nodes;
    }

    public void setNodes(java.util.List<NodeRebalanceProgress> nodes) {
        this.nodes = nodes == null ? new java.util.ArrayList<>() : nodes;
    }

    static String summary(RebalanceState state, int rangesDone, int rangesTotal, long bytesMoved) {
        String ranges = rangesDone + "/" + rangesTotal + " ranges, " + String.format(java.util.Locale.ROOT, "%.1f MiB",
                bytesMoved / (1024.0 * 1024.0));
        return state == RebalanceState.COMPLETED ? "done (" + ranges + ")" : state.name() + " " + ranges;
    }

    public String getSummary() {
        return summary;
    }

    public void setSummary(String summary) {
        this.summary = summary;
    }

    public Long getEpoch() {
        return epoch;
    }

    public void setEpoch(Long epoch) {
        this.epoch = epoch;
    }

    public RebalanceState getState() {
        return state;
    }

    public void setState(RebalanceState state) {
        this.state = state;
    }

    public Integer getRangesDone() {
        return rangesDone;
    }

    public void setRangesDone(Integer rangesDone) {
        this.rangesDone = rangesDone;
    }

    public Integer getRangesTotal() {
        return rangesTotal;
    }

    public void setRangesTotal(Integer rangesTotal) {
        this.rangesTotal = rangesTotal;
    }

    public Long getBytesMoved() {
        return bytesMoved;
    }

    public void setBytesMoved(Long bytesMoved) {
        this.bytesMoved = bytesMoved;
    }
}
