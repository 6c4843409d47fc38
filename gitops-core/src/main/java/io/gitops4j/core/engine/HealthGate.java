package io.gitops4j.core.engine;

import io.gitops4j.api.ReconcileFailure;
import io.gitops4j.api.ReconcileFailure.EngineReason;
import io.gitops4j.api.ReconcileFailure.Phase;
import io.gitops4j.api.resource.ResourceKey;
import io.gitops4j.api.target.TargetException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The health a pass requires before it goes on: before a sync wave is applied, every object of the earlier waves must
 * be healthy; before the PostSync hooks run, every object. Waits with {@link HealthWait} (woken by the change feed,
 * judged by the health rules, HEALTHY or SUSPENDED counting as healthy) for at most the pass's health wait. An object
 * that becomes DEGRADED ends the wait at once. Stateless.
 */
final class HealthGate {
    private HealthGate() {}

    /**
     * @param objects the objects that must be healthy, each read in its key's version
     * @param before what does not happen when they are not, for the message ({@code "wave 2 was not applied"})
     * @return a WAIT failure naming the object that is DEGRADED (reason {@code DEGRADED}) or still not healthy at
     *     the deadline (reason {@code TIMEOUT}), or the target's reason when a read failed; empty when all are healthy
     */
    static Optional<ReconcileFailure> await(Collection<ResourceKey> objects, PassContext pass, String before) {
        PassEvents.awaiting(List.copyOf(objects), pass.healthWait());
        HealthWait.Verdict verdict;
        try {
            verdict = HealthWait.await(pass.view(), objects, HealthWait.healthy(pass.health()), pass.healthWait());
        } catch (TargetException e) {
            return Optional.of(PassFailures.ofTarget(Phase.WAIT, e));
        }
        if (verdict.ending() == HealthWait.Ending.DONE) {
            return Optional.empty();
        }
        ResourceKey culprit = verdict.culprit().orElseThrow();
        HealthWait.Judged last = verdict.culpritJudged().orElseThrow();
        String health = last.health().status() + (last.health().message().isEmpty() ? ""
                : ": " + last.health().message());
        return Optional.of(switch (verdict.ending()) {
            case FAILED -> new ReconcileFailure(Phase.WAIT, EngineReason.DEGRADED, Optional.of(culprit), "",
                    culprit.displayName() + ": " + health + "; " + before);
            case INTERRUPTED -> new ReconcileFailure(Phase.WAIT, EngineReason.TIMEOUT, Optional.of(culprit), "",
                    culprit.displayName() + ": the wait for it to become healthy was interrupted (" + health + "); "
                            + before);
            default -> new ReconcileFailure(Phase.WAIT, EngineReason.TIMEOUT, Optional.of(culprit), "",
                    culprit.displayName() + ": not healthy after " + pass.healthWait().toSeconds() + " s (" + health
                            + "); " + before);
        });
    }
}
