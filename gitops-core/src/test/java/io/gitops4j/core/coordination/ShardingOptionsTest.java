package io.gitops4j.core.coordination;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitops4j.api.InvalidSpecException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ShardingOptionsTest {
    private static final ShardingOptions DEFAULTS = ShardingOptions.defaults();

    @Test
    void theDefaultsAreKubernetesLeaderElectionTimings() {
        assertThat(DEFAULTS.leaseDuration()).isEqualTo(Duration.ofSeconds(15));
        assertThat(DEFAULTS.renewDeadline()).isEqualTo(Duration.ofSeconds(10));
        assertThat(DEFAULTS.retryPeriod()).isEqualTo(Duration.ofSeconds(2));
        assertThat(DEFAULTS.shardLease(3)).isEqualTo("gitops4j-shard-3");
        assertThat(DEFAULTS.memberLease(0)).isEqualTo("gitops4j-member-0");
    }

    @Test
    void en03_timingsThatCannotKeepOneHolderAtATimeAreRefused() {
        assertThatThrownBy(() -> DEFAULTS.withTimings(Duration.ofSeconds(10), Duration.ofSeconds(10),
                Duration.ofSeconds(2))).isInstanceOf(InvalidSpecException.class).hasMessageStartingWith(
                        "renewDeadline: must be shorter than leaseDuration");
        assertThatThrownBy(() -> DEFAULTS.withTimings(Duration.ofSeconds(15), Duration.ofSeconds(6),
                Duration.ofSeconds(5))).isInstanceOf(InvalidSpecException.class).hasMessageStartingWith(
                        "retryPeriod: must be shorter than renewDeadline / 1.2");
        assertThatThrownBy(() -> DEFAULTS.withTimings(Duration.ofMillis(1500), Duration.ofSeconds(1),
                Duration.ofMillis(200))).isInstanceOf(InvalidSpecException.class).hasMessageStartingWith(
                        "leaseDuration: must be whole seconds");
        assertThat(DEFAULTS.withTimings(Duration.ofSeconds(2), Duration.ofMillis(1500), Duration.ofMillis(300))
                .renewDeadline()).isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void badCountsNamesAndIdentitiesAreRefused() {
        assertThatThrownBy(() -> DEFAULTS.withShards(0)).isInstanceOf(InvalidSpecException.class)
                .hasMessageStartingWith("shards:");
        assertThatThrownBy(() -> DEFAULTS.withShards(257)).isInstanceOf(InvalidSpecException.class);
        assertThatThrownBy(() -> DEFAULTS.withLeasePrefix("Acme_Console")).isInstanceOf(InvalidSpecException.class)
                .hasMessageStartingWith("leasePrefix:");
        assertThatThrownBy(() -> DEFAULTS.withIdentity("a\nb")).isInstanceOf(InvalidSpecException.class)
                .hasMessageStartingWith("identity:");
    }

    @Test
    void aBlankIdentityIsGeneratedAndDiffersBetweenReplicas() {
        String one = DEFAULTS.identityOrGenerated();
        assertThat(one).isNotBlank().isNotEqualTo(DEFAULTS.identityOrGenerated());
        assertThat(DEFAULTS.withIdentity("pod-7").identityOrGenerated()).isEqualTo("pod-7");
    }
}
