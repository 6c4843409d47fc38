package io.gitops4j.core.engine;

import io.gitops4j.api.ReconcileFailure;
import io.gitops4j.api.ReconcileFailure.EngineReason;
import io.gitops4j.api.ReconcileFailure.Phase;
import io.gitops4j.api.resource.GroupKind;
import io.gitops4j.api.target.ClusterView;
import io.gitops4j.api.target.LiveObject;
import io.gitops4j.api.target.TargetException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * DA-07: after the stage of CustomResourceDefinitions and Namespaces, wait until each CRD is Established (its kind is
 * served from then on) and each Namespace is Active, re-reading them through the view, before the objects that need
 * them are applied. Bounded: when one is still not ready at the deadline, the failure names it. Stateless.
 */
final class StageWaits {
    private static final GroupKind CRD = new GroupKind("apiextensions.k8s.io", "CustomResourceDefinition");
    private static final GroupKind NAMESPACE = new GroupKind("", "Namespace");

    private StageWaits() {}

    /** @return true for the kinds a later stage may need to be ready */
    static boolean needsWait(GroupKind kind) {
        return kind.equals(CRD) || kind.equals(NAMESPACE);
    }

    /**
     * Reads each object through the view (a write's answer does not yet show what the cluster's controllers make of
     * it) until all are ready, the wait's timeout passes, or the pass is told to stop (the reconciler closing, the
     * apply phase running out).
     *
     * @param objects the CRDs and Namespaces of the stage to wait for
     * @return a WAIT failure naming the first object still not ready at the deadline, or the failure that stopped
     *     the pass; empty when all are ready
     */
    static Optional<ReconcileFailure> await(List<LiveObject> objects, ClusterView view, PassControl control) {
        List<LiveObject> pending = new ArrayList<>(objects);
        if (pending.isEmpty()) {
            return Optional.empty();
        }
        Duration timeout = control.timeouts().stageWait();
        PassEvents.awaiting(pending.stream().map(LiveObject::key).toList(), timeout);
        try {
            boolean done = Polling.until(timeout, control::cancelled, () -> {
                pending.removeIf(o -> view.get(o.key()).map(StageWaits::ready).orElse(false));
                return pending.isEmpty();
            });
            if (done) {
                return Optional.empty();
            }
        } catch (TargetException e) {
            return Optional.of(control.checkpoint(Phase.WAIT).orElse(PassFailures.ofTarget(Phase.WAIT, e)));
        }
        Optional<ReconcileFailure> stopped = control.checkpoint(Phase.WAIT);
        if (stopped.isPresent()) {
            return stopped;
        }
        LiveObject first = pending.get(0);
        String what = first.key().groupKind().equals(CRD) ? "Established" : "Active";
        return Optional.of(new ReconcileFailure(Phase.WAIT, EngineReason.TIMEOUT, Optional.of(first.key()), "",
                first.key().displayName() + ": not " + what + " after " + timeout.toSeconds() + " s; the objects "
                        + "of later stages were not applied"));
    }

    /** @return true when a CRD is Established, a Namespace Active */
    static boolean ready(LiveObject o) {
        if (o.key().groupKind().equals(NAMESPACE)) {
            return "Active".equals(o.manifest().get("status", "phase").orElse(null));
        }
        Object conditions = o.manifest().get("status", "conditions").orElse(null);
        return conditions instanceof List<?> list && list.stream().anyMatch(c -> c instanceof Map<?, ?> m
                && "Established".equals(m.get("type")) && "True".equals(m.get("status")));
    }
}
