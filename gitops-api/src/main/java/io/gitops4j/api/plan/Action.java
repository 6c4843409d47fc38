package io.gitops4j.api.plan;

/** What a plan does with one object. */
public enum Action {
    /** The object is desired and absent: it will be created. */
    CREATE,
    /** The object is desired and differs: it will be applied. */
    UPDATE,
    /** The object is desired and already as wanted: no write. */
    UNCHANGED,
    /** The object is owned, no longer desired: it will be deleted (UID precondition). */
    PRUNE,
    /** The object is left alone (prune disabled, held by a guard, ownership changed, kind not served). */
    SKIP
}
