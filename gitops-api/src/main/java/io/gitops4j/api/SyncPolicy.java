package io.gitops4j.api;

import java.time.Duration;

/**
 * When and how an Application is brought in line with its source.
 *
 * @param mode {@link Mode#AUTOMATED}: reconcile on every interval and trigger; {@link Mode#MANUAL}: plans are
 *     computed on schedule, nothing is written until {@code reconcileNow}
 * @param prune delete owned objects that left the desired state
 * @param allowEmpty allow a render of zero objects to prune everything (PR-01); off by default
 * @param pruneGuard limits that hold large prunes for confirmation
 * @param drift what the engine does on its own about drift between revisions: {@link DriftMode#CORRECT} (re-apply),
 *     {@link DriftMode#REPORT} (report, write nothing) or {@link DriftMode#IGNORE}; the one drift setting
 * @param interval how often to poll the source; between 1 s and 24 h
 * @param retry backoff after failures
 * @param suspended do nothing until resumed
 * @param dryRunFirst before the first write of a pass that writes, have the server dry-run every object the pass
 *     creates or updates (admission webhooks and validation included); when it refuses any, the pass fails in phase
 *     {@link ReconcileFailure.Phase#DRY_RUN} naming each refused object and writes nothing (DA-06). Objects the
 *     server cannot judge before an earlier stage of the same pass is written (custom resources whose
 *     CustomResourceDefinition the pass creates or updates, objects in a Namespace it creates) are dry-run just before
 *     their stage instead; a refusal there stops the pass before that stage. Hooks are not dry-run. Off by default:
 *     it sends every create and update twice, one more request per object written — twice the write requests of
 *     each pass that changes something (a cold apply of N objects N more requests) — while a pass that changes
 *     nothing sends no dry run
 */
public record SyncPolicy(Mode mode, boolean prune, boolean allowEmpty,
        PruneGuard pruneGuard, DriftMode drift, Duration interval, RetryPolicy retry, boolean suspended,
        boolean dryRunFirst) {
    /** Automated or manual sync. */
    public enum Mode { AUTOMATED, MANUAL }

    private static final Duration MIN_INTERVAL = Duration.ofSeconds(1);
    private static final Duration MAX_INTERVAL = Duration.ofHours(24);

    /**
     * @throws InvalidSpecException for an interval outside 1 s – 24 h (EN-05), or drift mode CORRECT with a manual
     *     policy (a manual policy writes only when asked, so it can report or ignore drift, not correct it)
     */
    public SyncPolicy {
        Checks.notNull(mode, "mode");
        Checks.notNull(pruneGuard, "pruneGuard");
        Checks.notNull(drift, "drift");
        Checks.notNull(interval, "interval");
        Checks.notNull(retry, "retry");
        if (interval.compareTo(MIN_INTERVAL) < 0 || interval.compareTo(MAX_INTERVAL) > 0) {
            throw new InvalidSpecException("interval", "must be between 1s and 24h, was " + interval);
        }
        if (mode == Mode.MANUAL && drift == DriftMode.CORRECT) {
            throw new InvalidSpecException("drift", "a manual policy writes only through reconcileNow: its drift "
                    + "mode is REPORT or IGNORE, not CORRECT");
        }
    }

    /** @return automated, prune on, drift corrected, every 3 minutes */
    public static SyncPolicy automated() {
        return new SyncPolicy(Mode.AUTOMATED, true, false, PruneGuard.defaults(), DriftMode.CORRECT,
                Duration.ofMinutes(3), RetryPolicy.defaults(), false, false);
    }

    /** @return manual: nothing written until asked, prune on when asked, drift reported */
    public static SyncPolicy manual() {
        return new SyncPolicy(Mode.MANUAL, true, false, PruneGuard.defaults(), DriftMode.REPORT,
                Duration.ofMinutes(3), RetryPolicy.defaults(), false, false);
    }

    /** @return true for {@link Mode#AUTOMATED} */
    public boolean isAutomated() {
        return mode == Mode.AUTOMATED;
    }

    /** @return a copy with prune set */
    public SyncPolicy withPrune(boolean value) {
        return new SyncPolicy(mode, value, allowEmpty, pruneGuard, drift, interval, retry, suspended, dryRunFirst);
    }

    /** @return a copy with allow-empty set */
    public SyncPolicy withAllowEmpty(boolean value) {
        return new SyncPolicy(mode, prune, value, pruneGuard, drift, interval, retry, suspended, dryRunFirst);
    }

    /** @return a copy with these prune limits */
    public SyncPolicy withPruneGuard(PruneGuard value) {
        return new SyncPolicy(mode, prune, allowEmpty, value, drift, interval, retry, suspended, dryRunFirst);
    }

    /**
     * @return a copy with this drift mode
     * @throws InvalidSpecException for CORRECT on a manual policy
     */
    public SyncPolicy withDrift(DriftMode value) {
        return new SyncPolicy(mode, prune, allowEmpty, pruneGuard, value, interval, retry, suspended, dryRunFirst);
    }

    /** @return a copy with this polling interval */
    public SyncPolicy withInterval(Duration value) {
        return new SyncPolicy(mode, prune, allowEmpty, pruneGuard, drift, value, retry, suspended, dryRunFirst);
    }

    /** @return a copy with this retry policy */
    public SyncPolicy withRetry(RetryPolicy value) {
        return new SyncPolicy(mode, prune, allowEmpty, pruneGuard, drift, interval, value, suspended, dryRunFirst);
    }

    /**
     * @return a copy that dry-runs each pass's creates and updates before writing anything, or does not (see
     *     {@link #dryRunFirst()} for what it costs)
     */
    public SyncPolicy withDryRunFirst(boolean value) {
        return new SyncPolicy(mode, prune, allowEmpty, pruneGuard, drift, interval, retry, suspended, value);
    }

    /** @return a copy suspended or resumed */
    public SyncPolicy withSuspended(boolean value) {
        return new SyncPolicy(mode, prune, allowEmpty, pruneGuard, drift, interval, retry, value, dryRunFirst);
    }
}
