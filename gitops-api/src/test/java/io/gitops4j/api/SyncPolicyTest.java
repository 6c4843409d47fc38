package io.gitops4j.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitops4j.api.health.HealthStatus;
import io.gitops4j.api.source.SourceSpec;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SyncPolicyTest {
    @Test
    @DisplayName("EN-05 an interval of zero, a negative or an absurd one is rejected naming the field")
    void absurdIntervalsAreRejected() {
        for (Duration bad : new Duration[] {Duration.ZERO, Duration.ofSeconds(-5), Duration.ofDays(30)}) {
            assertThatThrownBy(() -> SyncPolicy.automated().withInterval(bad))
                    .isInstanceOf(InvalidSpecException.class).hasMessageStartingWith("interval:");
        }
        assertThatThrownBy(() -> new PruneGuard(101, 5, true)).isInstanceOf(InvalidSpecException.class);
        assertThatThrownBy(() -> new RetryPolicy(Duration.ofSeconds(1), Duration.ofSeconds(1), 0.5, 0))
                .isInstanceOf(InvalidSpecException.class);
    }

    @Test
    @DisplayName("EN-05 drift mode CORRECT on a manual policy is rejected naming the field: one drift setting, three behaviours")
    void manualPolicyCannotCorrectDrift() {
        assertThatThrownBy(() -> SyncPolicy.manual().withDrift(DriftMode.CORRECT))
                .isInstanceOf(InvalidSpecException.class).hasMessageStartingWith("drift:");
        assertThat(SyncPolicy.automated().drift()).isEqualTo(DriftMode.CORRECT);
        assertThat(SyncPolicy.manual().drift()).isEqualTo(DriftMode.REPORT);
        assertThat(SyncPolicy.manual().withDrift(DriftMode.IGNORE).drift()).isEqualTo(DriftMode.IGNORE);
        assertThat(SyncPolicy.automated().withDrift(DriftMode.REPORT).isAutomated()).isTrue();
    }

    @Test
    void defaultsAreSafe() {
        SyncPolicy p = SyncPolicy.automated();
        assertThat(p.allowEmpty()).isFalse();
        assertThat(p.pruneGuard()).isEqualTo(PruneGuard.defaults());
        assertThat(SyncPolicy.manual().isAutomated()).isFalse();
        assertThat(RetryPolicy.defaults().backoff(1)).isEqualTo(Duration.ofSeconds(5));
        assertThat(RetryPolicy.defaults().backoff(20)).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void applicationValidatesItsNameAndNamespace() {
        SourceSpec src = SourceSpec.git("https://example.com/r.git", "main", "");
        assertThatThrownBy(() -> Application.builder("Shop_Prod").source(src).build())
                .isInstanceOf(InvalidSpecException.class).hasMessageStartingWith("name:");
        assertThatThrownBy(() -> Application.builder("shop").source(src).targetNamespace("NS").build())
                .isInstanceOf(InvalidSpecException.class).hasMessageStartingWith("targetNamespace:");
        assertThat(Application.builder("shop").source(src).build().syncPolicy().isAutomated()).isTrue();
    }

    @Test
    void healthIsOrderedBySeverity() {
        assertThat(HealthStatus.DEGRADED.isWorseThan(HealthStatus.PROGRESSING)).isTrue();
        assertThat(HealthStatus.HEALTHY.isWorseThan(HealthStatus.SUSPENDED)).isFalse();
        assertThat(io.gitops4j.api.health.Health.worst(java.util.List.of(
                io.gitops4j.api.health.Health.healthy(), io.gitops4j.api.health.Health.progressing("rolling"))).status())
                .isEqualTo(HealthStatus.PROGRESSING);
    }
}
