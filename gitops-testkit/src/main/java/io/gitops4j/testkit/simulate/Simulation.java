package io.gitops4j.testkit.simulate;

/**
 * The status simulations, each standing in for one controller of a real cluster. All are on by default.
 *
 * <p>Not here because the fake already does it on write, as the real API server or its controllers do at once:
 * Namespaces are {@code Active} on create, CRDs are {@code NamesAccepted}/{@code Established} on create (use
 * {@code Faults#slowCrd} to delay that).
 */
public enum Simulation {
    /** apps/Deployment: observedGeneration, replica counts, {@code Available} and {@code Progressing}. */
    DEPLOYMENTS,
    /** apps/StatefulSet: replica counts, current/update revisions. */
    STATEFULSETS,
    /** apps/DaemonSet: scheduled/ready/available numbers over {@link SimulatorSettings#nodes()} nodes. */
    DAEMONSETS,
    /** apps/ReplicaSet: replica counts. */
    REPLICASETS,
    /** batch/Job: started, then {@code Complete} (or {@code Failed}). */
    JOBS,
    /** v1/PersistentVolumeClaim: {@code Bound} with the requested capacity. */
    PERSISTENT_VOLUME_CLAIMS,
    /** v1/Service of type LoadBalancer: an ingress IP from 198.51.100.0/24 (TEST-NET-2). */
    LOAD_BALANCERS
}
