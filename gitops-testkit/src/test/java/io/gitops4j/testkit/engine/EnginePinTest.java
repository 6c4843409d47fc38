package io.gitops4j.testkit.engine;

import static io.gitops4j.testkit.engine.GitEngineFixture.APP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitops4j.api.Outcome;
import io.gitops4j.api.ReconcileResult;
import io.gitops4j.api.SyncPolicy;
import io.gitops4j.api.Trigger;
import io.gitops4j.api.deploy.Pin;
import io.gitops4j.api.deploy.PinOptions;
import io.gitops4j.api.deploy.PinOptions.Release;
import io.gitops4j.api.source.Revision;
import io.gitops4j.api.source.SourceException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Rollback through the public API (EN-16): {@code pin} holds an automated Application at an earlier revision —
 * pushes reconcile the pinned revision, the status shows the pin, registering again keeps it — until {@code unpin}
 * or, by option, a newer commit; a revert commit through {@code GitWriter} rolls back through the normal flow.
 * Background scheduling is off; pushes ({@code onPush}) stand for automation. A pin outlives the reconciler (EN-21):
 * a new one on the same target, as after a restart of the host, reads it before its first pass.
 */
class EnginePinTest {
    private static final SyncPolicy AUTOMATED = SyncPolicy.automated().withInterval(Duration.ofHours(1));

    private GitEngineFixture f;
    private String first;
    private String second;

    @BeforeEach
    void start() throws Exception {
        f = new GitEngineFixture(AUTOMATED);
        first = f.repo.head("main").orElseThrow();
        assertThat(reconcile().outcome()).isEqualTo(Outcome.SYNCED);
        second = f.commit("v2", "2");
        assertThat(f.push().revision().orElseThrow().id()).isEqualTo(second);
        assertThat(f.version()).isEqualTo("2");
    }

    @AfterEach
    void stop() {
        f.close();
    }

    private ReconcileResult reconcile() throws Exception {
        return f.reconciler.reconcileNow(APP).get(30, TimeUnit.SECONDS);
    }


    @Test
    @DisplayName("EN-16 a pin holds an automated Application at an earlier revision until unpinned: pushes deploy the pin, the status shows it, registering again keeps it")
    void pinHoldsUntilUnpinned() throws Exception {
        Revision earlier = f.reconciler.history(APP).get(1).revision().orElseThrow();
        assertThat(earlier.id()).isEqualTo(first);

        ReconcileResult rolledBack = f.reconciler.pin(APP, earlier, PinOptions.defaults().withReason("v2 is broken"))
                .get(30, TimeUnit.SECONDS);

        assertThat(rolledBack.trigger()).isEqualTo(Trigger.PIN);
        assertThat(rolledBack.revision()).contains(earlier);
        assertThat(f.version()).isEqualTo("1");
        Pin pin = f.reconciler.status(APP).pin().orElseThrow();
        assertThat(pin.revision()).isEqualTo(earlier);
        assertThat(pin.followedCommit()).isEqualTo(second);
        assertThat(pin.options().reason()).isEqualTo("v2 is broken");

        String third = f.commit("v3", "3");
        assertThat(f.push().revision()).as("automation respects the pin").contains(earlier);
        f.reconciler.register(f.application(AUTOMATED));
        assertThat(f.reconciler.status(APP).pin()).as("kept when registered again").contains(pin);
        assertThat(f.push().revision()).contains(earlier);
        assertThat(f.version()).isEqualTo("1");

        assertThat(f.reconciler.unpin(APP)).contains(pin);
        ReconcileResult released = f.awaitTrigger(Trigger.UNPIN);
        assertThat(released.revision().orElseThrow().id()).isEqualTo(third);
        assertThat(f.version()).isEqualTo("3");
        assertThat(f.reconciler.status(APP).pin()).isEmpty();
        assertThat(f.reconciler.unpin(APP)).isEmpty();
        assertThat(f.reconciler.history(APP)).extracting(ReconcileResult::trigger).startsWith(Trigger.UNPIN,
                Trigger.PUSH, Trigger.PUSH, Trigger.PIN, Trigger.PUSH, Trigger.MANUAL);
    }

    @Test
    @DisplayName("EN-16 a pin until a newer commit holds while the branch stays, and ends with the pass that sees a new commit")
    void pinUntilNewerCommitEndsWithTheNextCommit() throws Exception {
        f.repo.tag("v1", first);

        ReconcileResult rolledBack = f.reconciler.pin(APP, Revision.ref("refs/tags/v1"),
                PinOptions.defaults().withRelease(Release.UNTIL_NEWER_COMMIT)).get(30, TimeUnit.SECONDS);

        assertThat(rolledBack.revision()).contains(new Revision("refs/tags/v1", first));
        assertThat(f.version()).isEqualTo("1");
        assertThat(f.push().revision().orElseThrow().id()).as("main did not move").isEqualTo(first);
        assertThat(f.reconciler.status(APP).pin()).isPresent();

        String third = f.commit("v3", "3");
        assertThat(f.push().revision().orElseThrow().id()).isEqualTo(third);
        assertThat(f.version()).isEqualTo("3");
        assertThat(f.reconciler.status(APP).pin()).as("released by the newer commit").isEmpty();
    }

    @Test
    @DisplayName("EN-21 the host restarts while an Application is pinned: the new reconciler reads the pin from the target and keeps the pinned revision; unpin removes it from the store")
    void en21PinSurvivesARestart() throws Exception {
        Revision earlier = f.reconciler.history(APP).get(1).revision().orElseThrow();
        f.reconciler.pin(APP, earlier, PinOptions.defaults().withReason("v2 is broken")).get(30, TimeUnit.SECONDS);
        Pin pin = f.reconciler.status(APP).pin().orElseThrow();
        String third = f.commit("v3", "3");

        f.restart(AUTOMATED);
        ReconcileResult afterRestart = f.push();

        assertThat(afterRestart.outcome()).isEqualTo(Outcome.SYNCED);
        assertThat(afterRestart.revision()).as("automation of the new host respects the pin").contains(earlier);
        assertThat(f.version()).isEqualTo("1");
        assertThat(f.reconciler.status(APP).pin()).as("read back exactly").contains(pin);

        assertThat(f.reconciler.unpin(APP)).contains(pin);
        assertThat(f.awaitTrigger(Trigger.UNPIN).revision().orElseThrow().id()).isEqualTo(third);
        f.restart(AUTOMATED);
        assertThat(f.push().revision().orElseThrow().id()).as("unpinned for good").isEqualTo(third);
        assertThat(f.version()).isEqualTo("3");
        assertThat(f.reconciler.status(APP).pin()).isEmpty();
    }

    @Test
    @DisplayName("EN-21 a pin until a newer commit survives a restart, and the pass of the new host that sees a newer commit ends it for good")
    void en21PinUntilNewerCommitSurvivesARestart() throws Exception {
        f.repo.tag("v1", first);
        f.reconciler.pin(APP, Revision.ref("refs/tags/v1"), PinOptions.defaults()
                .withRelease(Release.UNTIL_NEWER_COMMIT)).get(30, TimeUnit.SECONDS);
        Pin pin = f.reconciler.status(APP).pin().orElseThrow();

        f.restart(AUTOMATED);
        assertThat(f.push().revision()).as("main did not move").contains(new Revision("refs/tags/v1", first));
        assertThat(f.version()).isEqualTo("1");
        assertThat(f.reconciler.status(APP).pin()).contains(pin);

        String third = f.commit("v3", "3");
        assertThat(f.push().revision().orElseThrow().id()).isEqualTo(third);
        assertThat(f.reconciler.status(APP).pin()).isEmpty();
        f.restart(AUTOMATED);
        assertThat(f.push().revision().orElseThrow().id()).isEqualTo(third);
        assertThat(f.reconciler.status(APP).pin()).as("removed from the store when released").isEmpty();
    }

    @Test
    @DisplayName("EN-16 a pin to a ref that does not resolve is refused with the source's error, and nothing is pinned")
    void unresolvablePinIsRefused() {
        assertThatThrownBy(() -> f.reconciler.pin(APP, Revision.ref("refs/tags/nope"), PinOptions.defaults()))
                .isInstanceOf(SourceException.class).hasMessageContaining("nope");
        assertThat(f.reconciler.status(APP).pin()).isEmpty();
    }

    @Test
    @DisplayName("EN-16 a revert commit through GitWriter rolls back through the normal flow")
    void revertCommitConverges() throws Exception {
        Revision reverted = f.source.writer().revert(f.url, "main", second, "Revert v2",
                new PersonIdent("ops", "ops@example.com"));

        ReconcileResult result = f.push();

        assertThat(result.revision()).contains(reverted);
        assertThat(result.outcome()).isEqualTo(Outcome.SYNCED);
        assertThat(f.version()).isEqualTo("1");
    }
}
