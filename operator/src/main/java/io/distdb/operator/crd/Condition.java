package io.distdb.operator.crd;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A Kubernetes-style condition. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Condition {

    public static final String READY = "Ready";
    public static final String SCALING = "Scaling";
    public static final String DEGRADED = "Degraded";
    public static final String SCALE_DOWN_REFUSED = "ScaleDownRefused";
    public static final String PAUSED = "Paused";
    public static final String UPGRADING = "Upgrading";

    public static final String TRUE = "True";
    public static final String FALSE = "False";

    private String type;
    private String status;
    private String reason;
    private String message;
    private String lastTransitionTime;

    public Condition() {
    }

    public Condition(String type, String status, String reason, String message, String lastTransitionTime) {
        this.type = type;
        this.status = status;
        this.reason = reason;
        this.message = message;
        this.lastTransitionTime = lastTransitionTime;
    }

    public String getType() {
        return type;
    }

    public void setType(String type) {
        this.type = type;
    }

    public String getStatus() {
        return status;
    }

    public void setStatus(String status) {
        this.status = status;
    }

    public String getReason() {
        return reason;
    }

    public void setReason(String reason) {
        this.reason = reason;
    }

    public String getMessage() {
        return message;
    }

    public void setMessage(String message) {
        this.message = message;
    }

    public String getLastTransitionTime() {
        return lastTransitionTime;
    }

    public void setLastTransitionTime(String lastTransitionTime) {
        this.lastTransitionTime = lastTransitionTime;
    }

    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isTrue() {
        return TRUE.equals(status);
    }

    @Override
    public String toString() {
        return type + "=" + status + " (" + reason + ": " + message + ")";
    }
}
