package io.gitops4j.api.health;

/**
 * Health states, declared from best to worst: HEALTHY, SUSPENDED, PROGRESSING, UNKNOWN, MISSING, DEGRADED. The
 * health of a group of objects is the worst of theirs.
 */
public enum HealthStatus {
    /** Doing its job. */
    HEALTHY,
    /** Deliberately paused (a suspended CronJob, a paused rollout). */
    SUSPENDED,
    /** Not yet there, but moving (rollout in progress, Job running). */
    PROGRESSING,
    /** No rule could judge it. */
    UNKNOWN,
    /** Should exist but does not. */
    MISSING,
    /** Failed (rollout deadline exceeded, Job failed, crash loop). */
    DEGRADED;

    /** @return true when this state is strictly worse than {@code other} */
    public boolean isWorseThan(HealthStatus other) {
        return compareTo(other) > 0;
    }
}
