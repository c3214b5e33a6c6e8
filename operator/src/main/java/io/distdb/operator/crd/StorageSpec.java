package io.distdb.operator.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;

/** The persistent volume of each data node. Volume claim templates cannot change, so neither can these. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "has(self.storageClassName) == has(oldSelf.storageClassName)"
        + " && (!has(self.storageClassName) || self.storageClassName == oldSelf.storageClassName)",
        message = "storageClassName is immutable", fieldPath = ".storageClassName")
@ValidationRule(value = "self.size == oldSelf.size", message = "storage size cannot be changed on a running cluster",
        fieldPath = ".size")
public class StorageSpec {

    @Default("10Gi")
    @Pattern("^[0-9]+(\\.[0-9]+)?(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$")
    @JsonPropertyDescription("Size of each node's volume, a Kubernetes quantity such as 10Gi.")
    private String size = "10Gi";

    @JsonPropertyDescription("Storage class of the volumes; the cluster default when empty. Immutable.")
    private String storageClassName;

    @Default("false")
    @JsonPropertyDescription("Keep the volumes of nodes removed by a scale-down (default: delete them once the "
            + "node has handed over its data).")
    private Boolean retainOnScaleDown = false;

    public String getSize() {
        return size;
    }

    public void setSize(String size) {
        this.size = size;
    }

    public String getStorageClassName() {
        return storageClassName;
    }

    public void setStorageClassName(String storageClassName) {
        this.storageClassName = storageClassName;
    }

    public Boolean getRetainOnScaleDown() {
        return retainOnScaleDown;
    }

    public void setRetainOnScaleDown(Boolean retainOnScaleDown) {
        this.retainOnScaleDown = retainOnScaleDown;
    }

    public boolean retainsVolumes() {
        return Boolean.TRUE.equals(retainOnScaleDown);
    }
}
