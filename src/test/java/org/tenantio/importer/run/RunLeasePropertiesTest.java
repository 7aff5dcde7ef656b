package org.tenantio.importer.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RunLeasePropertiesTest {

    @Test
    void unsetIntervalsFollowTheLease() {
        RunLeaseProperties p = new RunLeaseProperties(Duration.ofSeconds(9), null, Duration.ZERO, null);
        assertThat(p.heartbeatInterval()).isEqualTo(Duration.ofSeconds(3));
        assertThat(p.recoveryInterval()).isEqualTo(Duration.ofSeconds(9));
        assertThat(new RunLeaseProperties(null, null, null, null).leaseTtl()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void aHeartbeatNoShorterThanTheLeaseIsRefusedAtStart() {
        assertThatThrownBy(() -> new RunLeaseProperties(Duration.ofSeconds(5), Duration.ofSeconds(5), null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("heartbeat-interval");
    }

    @Test
    void everyInstanceNameIsNewPerStart() {
        RunLeaseProperties p = new RunLeaseProperties(null, null, null, "node-a");
        String first = new ServiceInstance(p).id();
        assertThat(first).startsWith("node-a:" + ProcessHandle.current().pid() + ":");
        assertThat(new ServiceInstance(p).id()).isNotEqualTo(first);
    }
}
