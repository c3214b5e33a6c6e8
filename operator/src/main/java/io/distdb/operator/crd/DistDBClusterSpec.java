package io.distdb.operator.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.ResourceRequirements;

/** What the user asks for. Fields that cannot change on a running cluster say so in CEL rules. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "self.replicationFactor <= self.replicas",
        message = "replicationFactor must not be greater than replicas", fieldPath = ".replicationFactor")
public class DistDBClusterSpec {

    @Min(1)
    @Default("3")
    @JsonPropertyDescription("Number of data nodes.")
    // The scale subresource's spec path: kubectl scale and a HorizontalPodAutoscaler set it.
    @io.fabric8.kubernetes.model.annotation.SpecReplicas
    private Integer replicas = 3;

    @Min(1)
    @Max(7)
    @Default("3")
    @ValidationRule(value = "self == oldSelf", message = "replicationFactor cannot be changed on a running cluster")
    @JsonPropertyDescription("Copies of every key, at most replicas. Fixed once the cluster exists.")
    private Integer replicationFactor = 3;

    @Required
    @JsonPropertyDescription("The data node image.")
    private String image;

    @JsonPropertyDescription("CPU and memory of each data node.")
    private ResourceRequirements resources;

    @JsonPropertyDescription("The volume of each data node.")
    private StorageSpec storage = new StorageSpec();

    @Min(1)
    @Max(1024)
    @Default("64")
    @ValidationRule(value = "self == oldSelf", message = "vnodes cannot be changed on a running cluster")
    @JsonPropertyDescription("Virtual nodes per member on the hash ring. Fixed once the cluster exists.")
    private Integer vnodes = 64;

    @Default("sync")
    @JsonPropertyDescription("When a write is acknowledged: sync (after fsync), interval (periodic fsync), none.")
    private Durability durability = Durability.SYNC;

    @JsonPropertyDescription("Placement of the data nodes. Without affinity or spread constraints the nodes are "
            + "spread across Kubernetes nodes.")
    private SchedulingSpec scheduling = new SchedulingSpec();

    @JsonPropertyDescription("Data movement between nodes when the cluster scales.")
    private RebalanceSpec rebalance = new RebalanceSpec();

    @JsonPropertyDescription("Credentials of the admin API and of clients.")
    private AuthSpec auth = new AuthSpec();

    @JsonPropertyDescription("TLS on every port of the data nodes; on by default.")
    private TlsSpec tls = new TlsSpec();

    public TlsSpec getTls() {
        return tls;
    }

    public void setTls(TlsSpec tls) {
        this.tls = tls;
    }

    /** TLS unless the spec turns it off. */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean tlsEnabled() {
        return tls == null || tls.isOn();
    }

    public Integer getReplicas() {
        return replicas;
    }

    public void setReplicas(Integer replicas) {
        this.replicas = replicas;
    }

    public Integer getReplicationFactor() {
        return replicationFactor;
    }

    public void setReplicationFactor(Integer replicationFactor) {
        this.replicationFactor = replicationFactor;
    }

    public String getImage() {
        return image;
    }

    public void setImage(String image) {
        this.image = image;
    }

    public ResourceRequirements getResources() {
        return resources;
    }

    public void setResources(ResourceRequirements resources) {
        this.resources = resources;
    }

    public StorageSpec getStorage() {
        return storage;
    }

    public void setStorage(StorageSpec storage) {
        this.storage = storage;
    }

    public Integer getVnodes() {
        return vnodes;
    }

    public void setVnodes(Integer vnodes) {
        this.vnodes = vnodes;
    }

    public Durability getDurability() {
        return durability;
    }

    public void setDurability(Durability durability) {
        this.durability = durability;
    }

    public SchedulingSpec getScheduling() {
        return scheduling;
    }

    public void setScheduling(SchedulingSpec scheduling) {
        this.scheduling = scheduling;
    }

    public RebalanceSpec getRebalance() {
        return rebalance;
    }

    public void setRebalance(RebalanceSpec rebalance) {
        this.rebalance = rebalance;
    }

    public AuthSpec getAuth() {
        return auth;
    }

    public void setAuth(AuthSpec auth) {
        this.auth = auth;
    }
}
