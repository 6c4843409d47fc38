package io.gitops4j.testkit.simulate;

/** What the simulated controller does with one object. */
public enum Behaviour {
    /** Starts at once, finishes after the configured delay (the default). */
    COMPLETE,
    /** Starts, then never finishes: the object stays progressing (a rollout stuck on image pulls). */
    HANG,
    /**
     * Starts, then fails after the delay: a Deployment's {@code Progressing} turns False with
     * {@code ProgressDeadlineExceeded}, a Job gets {@code Failed} ({@code BackoffLimitExceeded}), a ReplicaSet gets
     * {@code ReplicaFailure}. Kinds without a failure state in Kubernetes (StatefulSet, DaemonSet, PVC, LoadBalancer)
     * stay progressing, as they would.
     */
    FAIL
}
