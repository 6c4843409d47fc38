package io.gitops4j.core.engine;

import io.gitops4j.api.ReconcileFailure;
import io.gitops4j.api.ReconcileFailure.Phase;
import io.gitops4j.api.target.PinStore;
import io.gitops4j.api.target.TargetException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The first step of a pass whose Application's stored pin was not read yet (the first pass after registration or
 * after a take-over): the pin is read from the target's {@link PinStore}, timed as phase {@code pin}, within the plan's
 * timeout ({@link PhaseTimeouts}). A pin that cannot be read fails the pass in phase {@link Phase#PIN} with the
 * store's reason ({@code INVALID} for a corrupt one, {@code FORBIDDEN}, {@code UNAVAILABLE}) or {@code TIMEOUT}, so
 * nothing is resolved or written and the Application stays held until the pin can be read or an operator unpins. A
 * pass whose pin was read costs nothing here. Stateless.
 */
final class PinPhase {
    private PinPhase() {}

    /** @return why the pass cannot go on; empty once the pin is read (or was already) */
    static Optional<ReconcileFailure> load(PinHold pin, PinStore store, Map<String, Duration> phases,
            PassControl control) {
        if (pin.loaded()) {
            return Optional.empty();
        }
        if (store == PinStore.none()) {   // nothing to read: no request, no phase
            pin.load(store);
            return Optional.empty();
        }
        Optional<ReconcileFailure> stop = control.checkpoint(Phase.PIN);
        if (stop.isPresent()) {
            return stop;
        }
        try {
            Phases.timed(phases, "pin", () -> control.within(Phase.PIN, () -> {
                pin.load(store);
                return null;
            }));
            return Optional.empty();
        } catch (PassFailedException e) {   // ran out of time, or the reconciler is closing
            return Optional.of(e.failure());
        } catch (TargetException e) {
            return Optional.of(PassFailures.ofTarget(Phase.PIN, new TargetException(null, e.reason(),
                    e.getMessage() + "; the Application stays held (no pass runs) until its pin can be read or it is"
                    + " unpinned", e.details(), null)));
        }
    }
}
