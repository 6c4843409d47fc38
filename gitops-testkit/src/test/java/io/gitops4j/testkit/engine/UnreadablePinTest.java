package io.gitops4j.testkit.engine;

import static io.gitops4j.testkit.engine.GitEngineFixture.APP;
import static org.assertj.core.api.Assertions.assertThat;

import io.gitops4j.api.Outcome;
import io.gitops4j.api.ReconcileFailure;
import io.gitops4j.api.ReconcileResult;
import io.gitops4j.api.SyncPolicy;
import io.gitops4j.api.Trigger;
import io.gitops4j.api.deploy.PinOptions;
import io.gitops4j.api.source.Revision;
import io.gitops4j.api.target.TargetException;
import io.gitops4j.testkit.kube.FakeKubeTarget;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A stored pin that cannot be read after a restart (EN-21), on the fake target, whose pin store can be damaged: the
 * Application stays held — no pass resolves or writes anything — and the results say why, until an operator unpins.
 * (gitops-k8s proves the same with a corrupt pin ConfigMap.)
 */
class UnreadablePinTest {
    private static final SyncPolicy AUTOMATED = SyncPolicy.automated().withInterval(Duration.ofHours(1));

    private GitEngineFixture f;

    @BeforeEach
    void start() throws Exception {
        f = new GitEngineFixture(AUTOMATED);
        assertThat(f.reconciler.reconcileNow(APP).get(30, TimeUnit.SECONDS).outcome()).isEqualTo(Outcome.SYNCED);
    }

    @AfterEach
    void stop() {
        f.close();
    }

    @Test
    @DisplayName("EN-21 a stored pin that cannot be read holds the Application after a restart: every pass fails in phase PIN with INVALID and writes nothing; unpin removes it and the ref is reconciled again")
    void en21AnUnreadablePinHoldsTheApplicationUntilUnpinned() throws Exception {
        Revision first = f.reconciler.history(APP).get(0).revision().orElseThrow();
        String second = f.commit("v2", "2");
        f.reconciler.pin(APP, first, PinOptions.defaults()).get(30, TimeUnit.SECONDS);
        ((FakeKubeTarget) f.target).damagePin(APP);

        f.restart(AUTOMATED);
        List<ReconcileResult> held = List.of(f.push(), f.reconciler.reconcileNow(APP).get(30, TimeUnit.SECONDS));

        for (ReconcileResult r : held) {
            assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
            assertThat(r.revision()).as("nothing resolved").isEmpty();
            assertThat(r.writes()).isZero();
            assertThat(r.failure()).hasValueSatisfying(failure -> {
                assertThat(failure.phase()).isEqualTo(ReconcileFailure.Phase.PIN);
                assertThat(failure.reason()).isEqualTo(TargetException.Reason.INVALID);
                assertThat(failure.message()).startsWith("pin of shop: unreadable: ").contains("stays held");
            });
        }
        assertThat(f.version()).as("not rolled forward to the commit the pin held back").isEqualTo("1");
        assertThat(f.reconciler.status(APP).lastResult().flatMap(ReconcileResult::failure))
                .hasValueSatisfying(failure -> assertThat(failure.phase()).isEqualTo(ReconcileFailure.Phase.PIN));

        assertThat(f.reconciler.unpin(APP)).as("an unreadable pin has no value to return").isEmpty();
        ReconcileResult released = f.awaitTrigger(Trigger.UNPIN);
        assertThat(released.revision().orElseThrow().id()).isEqualTo(second);
        assertThat(f.version()).isEqualTo("2");
        assertThat(f.target.pins().read(APP)).as("removed from the store").isEmpty();
    }
}
