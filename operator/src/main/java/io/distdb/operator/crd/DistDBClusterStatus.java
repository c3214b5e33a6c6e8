package io.distdb.operator.crd;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the operator observed and decided. Everything it needs to resume after a restart is here: the topology it
 * published (or is publishing), the scale in progress and which leaving nodes have reported drained.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DistDBClusterStatus {

    @JsonPropertyDescription("Creating, Ready, ScalingUp, ScalingDown, Upgrading, Degraded, Paused or Invalid.")
    private Phase phase;

    private List<Condition> conditions = new ArrayList<>();

    @JsonPropertyDescription("The metadata.generation this status reflects.")
    private Long observedGeneration;

    @JsonPropertyDescription("Data node pods that are Ready.")
    @io.fabric8.kubernetes.model.annotation.StatusReplicas
    private Integer readyReplicas;

    @JsonPropertyDescription("Label selector of the data node pods, for the scale subresource (as a HorizontalPodAutoscaler reads it).")
    @io.fabric8.kubernetes.model.annotation.LabelSelector
    private String selector;

    @JsonPropertyDescription("The number of data nodes the operator is working towards.")
    private Integer targetReplicas;

    @JsonPropertyDescription("Epoch of the topology published to the nodes.")
    private Long topologyEpoch;

    @JsonPropertyDescription("The topology published to the nodes (or being published).")
    private TopologyStatus topology;

    @JsonPropertyDescription("The scale in progress, absent when none is.")
    private ScalingStatus scaling;

    @JsonPropertyDescription("Progress of the rebalance of the current epoch, summed over the nodes.")
    private RebalanceProgress rebalance;

    private String lastError;

    @JsonPropertyDescription("The Secret an application mounts to connect: key token (the bearer token and the "
            + "PostgreSQL password) and, with TLS, the CA in <name>-client's ca.crt.")
    private String clientSecret;

    @JsonPropertyDescription("The certificates the operator issued; absent without TLS.")
    private TlsStatus tls;

    public String getClientSecret() {
        return clientSecret;
    }

    public void setClientSecret(String clientSecret) {
        this.clientSecret = clientSecret;
    }

    public TlsStatus getTls() {
        return tls;
    }

    public void setTls(TlsStatus tls) {
        this.tls = tls;
    }

    public Phase getPhase() {
        return phase;
    }

    public void setPhase(Phase phase) {
        this.phase = phase;
    }

    public List<Condition> getConditions() {
        return conditions;
    }

    public void setConditions(List<Condition> conditions) {
        this.conditions = conditions == null ? new ArrayList<>() : conditions;
    }

    public Long getObservedGeneration() {
        return observedGeneration;
    }

    public void setObservedGeneration(Long observedGeneration) {
        this.observedGeneration = observedGeneration;
    }

    public Integer getReadyReplicas() {
        return readyReplicas;
    }

    public void setReadyReplicas(Integer readyReplicas) {
        this.readyReplicas = readyReplicas;
    }

    public String getSelector() {
        return selector;
    }

    public void setSelector(String selector) {
        this.selector = selector;
    }

    public Integer getTargetReplicas() {
        return targetReplicas;
    }

    public void setTargetReplicas(Integer targetReplicas) {
        this.targetReplicas = targetReplicas;
    }

    public Long getTopologyEpoch() {
        return topologyEpoch;
    }

    public void setTopologyEpoch(Long topologyEpoch) {
        this.topologyEpoch = topologyEpoch;
    }

    public TopologyStatus getTopology() {
        return topology;
    }

    public void setTopology(TopologyStatus topology) {
        this.topology = topology;
    }

    public ScalingStatus getScaling() {
        return scaling;
    }

    public void setScaling(ScalingStatus scaling) {
        this.scaling = scaling;
    }

    public RebalanceProgress getRebalance() {
        return rebalance;
    }

    public void setRebalance(RebalanceProgress rebalance) {
        this.rebalance = rebalance;
    }

    public String getLastError() {
        return lastError;
    }

    public void setLastError(String lastError) {
        this.lastError = lastError;
    }

    @JsonIgnore
    public Optional<Condition> condition(String type) {
        return conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
    }
}
