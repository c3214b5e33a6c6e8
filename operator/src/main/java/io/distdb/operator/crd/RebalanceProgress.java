package io.distdb.operator.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.distdb.admin.api.RebalanceState;

/** The rebalance of one epoch, summed over the members. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RebalanceProgress {

    private Long epoch;
    private RebalanceState state;
    private Integer rangesDone;
    private Integer rangesTotal;
    private Long bytesMoved;

    public RebalanceProgress() {
    }

    public RebalanceProgress(long epoch, RebalanceState state, int rangesDone, int rangesTotal, long bytesMoved) {
        this.epoch = epoch;
        this.state = state;
        this.rangesDone = rangesDone;
        this.rangesTotal = rangesTotal;
        this.bytesMoved = bytesMoved;
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
