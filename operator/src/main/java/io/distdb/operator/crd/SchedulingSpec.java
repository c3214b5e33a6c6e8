package io.distdb.operator.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;

import java.util.List;
import java.util.Map;

/** Where data nodes may run. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SchedulingSpec {

    @JsonPropertyDescription("Pod affinity and anti-affinity of the data nodes.")
    private Affinity affinity;

    @JsonPropertyDescription("Tolerations of the data nodes.")
    private List<Toleration> tolerations;

    @JsonPropertyDescription("Node labels the data nodes must run on.")
    private Map<String, String> nodeSelector;

    @JsonPropertyDescription("Spread constraints; when neither these nor affinity are given, the operator spreads "
            + "the nodes across hosts (kubernetes.io/hostname, maxSkew 1, ScheduleAnyway).")
    private List<TopologySpreadConstraint> topologySpreadConstraints;

    @JsonPropertyDescription("Priority class of the data node pods.")
    private String priorityClassName;

    public Affinity getAffinity() {
        return affinity;
    }

    public void setAffinity(Affinity affinity) {
        this.affinity = affinity;
    }

    public List<Toleration> getTolerations() {
        return tolerations;
    }

    public void setTolerations(List<Toleration> tolerations) {
        this.tolerations = tolerations;
    }

    public Map<String, String> getNodeSelector() {
        return nodeSelector;
    }

    public void setNodeSelector(Map<String, String> nodeSelector) {
        this.nodeSelector = nodeSelector;
    }

    public List<TopologySpreadConstraint> getTopologySpreadConstraints() {
        return topologySpreadConstraints;
    }

    public void setTopologySpreadConstraints(List<TopologySpreadConstraint> topologySpreadConstraints) {
        this.topologySpreadConstraints = topologySpreadConstraints;
    }

    public String getPriorityClassName() {
        return priorityClassName;
    }

    public void setPriorityClassName(String priorityClassName) {
        this.priorityClassName = priorityClassName;
    }
}
