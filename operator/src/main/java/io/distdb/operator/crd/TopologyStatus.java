package io.distdb.operator.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.distdb.admin.api.Member;
import io.distdb.admin.api.Topology;

import java.util.ArrayList;
import java.util.List;

/** A published topology as kept in status, so that the same epoch is re-published with the same content. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TopologyStatus {

    private Long epoch;
    private Integer replicationFactor;
    private Integer vnodes;
    private List<MemberStatus> members = new ArrayList<>();

    public TopologyStatus() {
    }

    public static TopologyStatus of(Topology topology) {
        TopologyStatus status = new TopologyStatus();
        status.epoch = topology.epoch();
        status.replicationFactor = topology.replicationFactor();
        status.vnodes = topology.vnodes();
        status.members = new ArrayList<>(topology.members().stream().map(MemberStatus::of).toList());
        return status;
    }

    public Topology toTopology() {
        return new Topology(epoch, replicationFactor, vnodes, members.stream().map(MemberStatus::toMember).toList());
    }

    public Long getEpoch() {
        return epoch;
    }

    public void setEpoch(Long epoch) {
        this.epoch = epoch;
    }

    public Integer getReplicationFactor() {
        return replicationFactor;
    }

    public void setReplicationFactor(Integer replicationFactor) {
        this.replicationFactor = replicationFactor;
    }

    public Integer getVnodes() {
        return vnodes;
    }

    public void setVnodes(Integer vnodes) {
        this.vnodes = vnodes;
    }

    public List<MemberStatus> getMembers() {
        return members;
    }

    public void setMembers(List<MemberStatus> members) {
        this.members = members == null ? new ArrayList<>() : members;
    }

    /** One member of the topology. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class MemberStatus {
        private String id;
        private String address;
        private io.distdb.admin.api.MemberState state;

        public MemberStatus() {
        }

        static MemberStatus of(Member member) {
            MemberStatus status = new MemberStatus();
            status.id = member.id();
            status.address = member.address();
            status.state = member.state();
            return status;
        }

        Member toMember() {
            return new Member(id, address, state);
        }

        public String getId() {
            return id;
        }

        public void setId(String id) {
            this.id = id;
        }

        public String getAddress() {
            return address;
        }

        public void setAddress(String address) {
            this.address = address;
        }

        public io.distdb.admin.api.MemberState getState() {
            return state;
        }

        public void setState(io.distdb.admin.api.MemberState state) {
            this.state = state;
        }
    }
}
