package io.gitops4j.api.plan;

/**
 * When a hook runs in a pass that writes. A hook is an object (a Job, a Pod, …) the Application's files mark with
 * {@code gitops4j.io/hook}; it is created for the pass, awaited until it completes, and never applied, recorded in
 * the inventory or pruned. See {@code docs/engine.md} ("Waves and hooks").
 */
public enum HookPhase {
    /** Before anything is applied; every PreSync hook must complete before the first apply. */
    PRE_SYNC("PreSync"),
    /** After every object was applied, prunes were made and every desired object is healthy. */
    POST_SYNC("PostSync");

    private final String annotationValue;

    HookPhase(String annotationValue) {
        this.annotationValue = annotationValue;
    }

    /** @return the value that names this phase in a hook annotation: {@code PreSync} or {@code PostSync} */
    public String annotationValue() {
        return annotationValue;
    }
}
