package io.gitops4j.api;

/** What to do when a live object drifts from the desired state without a new revision (DA-12). */
public enum DriftMode {
    /** Re-apply the desired state. */
    CORRECT,
    /** Record the drift as OUT_OF_SYNC, write nothing. */
    REPORT,
    /** Do not look for drift between revisions. */
    IGNORE
}
