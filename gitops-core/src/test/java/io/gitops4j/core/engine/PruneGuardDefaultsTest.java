package io.gitops4j.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitops4j.api.Application;
import io.gitops4j.api.Outcome;
import io.gitops4j.api.PruneGuard;
import io.gitops4j.api.ReconcileResult;
import io.gitops4j.api.Reconciler;
import io.gitops4j.api.SyncPolicy;
import io.gitops4j.api.plan.Action;
import io.gitops4j.api.plan.GuardVerdict;
import io.gitops4j.api.resource.ResourceKey;
import io.gitops4j.api.source.SourceSpec;
import io.gitops4j.core.GitOps;
import io.gitops4j.core.render.Renderers;
import io.gitops4j.core.target.InMemoryTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The prune defaults as the README states them: both policies prune, and the default guard holds a prune of more
 * than 25 % of the owned objects or more than 50 objects (or any Namespace, CRD or PVC) until the Application is
 * registered with a guard that allows it; applies proceed meanwhile.
 */
class PruneGuardDefaultsTest {
    @TempDir
    Path repo;

    private Reconciler reconciler;

    @BeforeEach
    void start() {
        reconciler = GitOps.reconciler().target(InMemoryTarget.create()).renderers(Renderers.plainYaml()).backgroundScheduling(false)
                .build();
    }

    @AfterEach
    void stop() {
        reconciler.close();
    }

    private void objects(int from, int to) throws Exception {
        for (int i = from; i < to; i++) {
            Files.writeString(repo.resolve("cm-" + i + ".yaml"),
                    "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-" + i + "\n");
        }
    }

    private void remove(int from, int to) throws Exception {
        for (int i = from; i < to; i++) {
            Files.delete(repo.resolve("cm-" + i + ".yaml"));
        }
    }

    private ReconcileResult reconcile(SyncPolicy policy) throws Exception {
        reconciler.register(Application.builder("shop").source(SourceSpec.local(repo)).targetNamespace("shop")
                .syncPolicy(policy).build());
        return reconciler.reconcileNow("shop").get(30, TimeUnit.SECONDS);
    }

    private static boolean held(ReconcileResult result) {
        return result.verdicts().stream().anyMatch(v -> v.decision() == GuardVerdict.Decision.HOLD_PRUNE);
    }

    @Test
    void bothPoliciesPruneByDefaultSoWithPruneTrueChangesNothing() {
        assertThat(SyncPolicy.automated().prune()).isTrue();
        assertThat(SyncPolicy.manual().prune()).isTrue();
        assertThat(SyncPolicy.automated().withPrune(true)).isEqualTo(SyncPolicy.automated());
        assertThat(SyncPolicy.automated().pruneGuard()).isEqualTo(new PruneGuard(25, 50, true))
                .isEqualTo(SyncPolicy.manual().pruneGuard()).isEqualTo(PruneGuard.defaults());
    }

    @Test
    @DisplayName("PR-03 by default a prune of 25 % of the owned objects proceeds and one of more is held")
    void theDefaultShareIs25Percent() throws Exception {
        objects(0, 8);
        assertThat(reconcile(SyncPolicy.automated()).outcome()).isEqualTo(Outcome.SYNCED);

        remove(0, 2);
        ReconcileResult quarter = reconcile(SyncPolicy.automated());
        assertThat(held(quarter)).isFalse();
        assertThat(quarter.changes().keys(Action.PRUNE)).hasSize(2);

        remove(2, 4);
        ReconcileResult third = reconcile(SyncPolicy.automated());
        assertThat(held(third)).as("2 of 6 owned objects is over 25 %").isTrue();
        assertThat(third.outcome()).isEqualTo(Outcome.OUT_OF_SYNC);
        assertThat(third.changes().keys(Action.PRUNE)).isEmpty();
    }

    @Test
    @DisplayName("PR-03 by default a prune of 50 objects proceeds and one of 51 is held, whatever the share")
    void theDefaultCountIs50() throws Exception {
        objects(0, 400);
        reconcile(SyncPolicy.automated());

        remove(0, 50);
        assertThat(reconcile(SyncPolicy.automated()).changes().keys(Action.PRUNE)).hasSize(50);

        remove(50, 101);
        ReconcileResult result = reconcile(SyncPolicy.automated());
        assertThat(held(result)).as("51 of 350 is under 25 % but over 50 objects").isTrue();
        assertThat(result.changes().keys(Action.SKIP)).hasSize(51);
    }

    @Test
    @DisplayName("PR-03 a held prune waits, pass after pass, until the Application is registered with a guard that "
            + "allows it")
    void aHeldPruneWaitsForAWiderGuard() throws Exception {
        objects(0, 4);
        reconcile(SyncPolicy.automated());
        remove(0, 2);
        objects(10, 11);

        ReconcileResult first = reconcile(SyncPolicy.automated());
        ReconcileResult again = reconcile(SyncPolicy.automated());

        assertThat(first.changes().keys(Action.CREATE)).as("applies proceed meanwhile").hasSize(1);
        assertThat(held(first)).isTrue();
        assertThat(held(again)).isTrue();
        assertThat(again.changes().keys(Action.SKIP)).hasSize(2);

        ReconcileResult released = reconcile(SyncPolicy.automated().withPruneGuard(new PruneGuard(50, 50, true)));

        assertThat(held(released)).isFalse();
        assertThat(released.outcome()).isEqualTo(Outcome.SYNCED);
        assertThat(released.changes().keys(Action.PRUNE)).hasSize(2);
        ReconcileResult after = reconcile(SyncPolicy.automated());
        assertThat(after.changes().keys(Action.PRUNE)).isEmpty();
        assertThat(after.changes().keys(Action.SKIP)).isEmpty();
    }

    @Test
    void withPruneFalseNothingIsEverPruned() throws Exception {
        objects(0, 4);
        reconcile(SyncPolicy.automated().withPrune(false));
        remove(0, 1);

        ReconcileResult result = reconcile(SyncPolicy.automated().withPrune(false));

        assertThat(result.changes().keys(Action.PRUNE)).isEmpty();
        assertThat(result.changes().find(ResourceKey.of("v1", "ConfigMap", "shop", "cm-0")).orElseThrow().reason())
                .isEqualTo("prune disabled");
    }
}
