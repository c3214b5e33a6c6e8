package io.distdb.operator.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;

/** Throttling of the data movement a scale triggers. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RebalanceSpec {

    @Min(0)
    @Default("0")
    @JsonPropertyDescription("Bytes per second each node may stream while rebalancing; 0 means unthrottled.")
    private Long bytesPerSecond = 0L;

    public Long getBytesPerSecond() {
        return bytesPerSecond;
    }

    public void setBytesPerSecond(Long bytesPerSecond) {
        this.bytesPerSecond = bytesPerSecond;
    }
}
