package io.distdb.operator.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import java.util.ArrayList;
import java.util.List;

/** A scale in progress. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ScalingStatus {

    @JsonPropertyDescription("Members before the scale began.")
    private Integer from;

    @JsonPropertyDescription("Members the scale is heading for.")
    private Integer to;

    @JsonPropertyDescription("The step the scale is at.")
    private ScalingStep step;

    @JsonPropertyDescription("Leaving members that have reported DRAINED; their pods may be removed.")
    private List<String> drained = new ArrayList<>();

    public ScalingStatus() {
    }

    public ScalingStatus(int from, int to, ScalingStep step) {
        this.from = from;
        this.to = to;
        this.step = step;
    }

    public Integer getFrom() {
        return from;
    }

    public void setFrom(Integer from) {
        this.from = from;
    }

    public Integer getTo() {
        return to;
    }

    public void setTo(Integer to) {
        this.to = to;
    }

    public ScalingStep getStep() {
        return step;
    }

    public void setStep(ScalingStep step) {
        this.step = step;
    }

    public List<String> getDrained() {
        return drained;
    }

    public void setDrained(List<String> drained) {
        this.drained = drained == null ? new ArrayList<>() : drained;
    }
}
