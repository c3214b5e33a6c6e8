package io.distdb.operator.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.distdb.admin.api.RebalanceState;

/**
 * One member's part of a rebalance, as it last reported it. Kept after the member has drained and its pod has gone,
 * so the cluster's totals still count what it streamed.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class NodeRebalanceProgress {

    private String node;
    private RebalanceState state;
    private Integer rangesDone;
    private Integer rangesTotal;
    private Long bytesMoved;

    public NodeRebalanceProgress() {
    }

    public NodeRebalanceProgress(String node, RebalanceState state, int rangesDone, int rangesTotal, long bytesMoved) {
        this.node = node;
        this.state = state;
        this.rangesDone = rangesDone;
        this.rangesTotal = rangesTotal;
        this.bytesMoved = bytesMoved;
    }

    public String getNode() {
        return node;
    }

    public void setNode(String node) {
        this.node = node;
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
