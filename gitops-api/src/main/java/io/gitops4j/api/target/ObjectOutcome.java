package io.gitops4j.api.target;

/** What a write did to one object: past tense, as it happened. */
public enum ObjectOutcome {
    /** The object did not exist and was created. */
    CREATED,
    /** The object existed and changed. */
    CONFIGURED,
    /** The write changed nothing (the server stored the same object). */
    UNCHANGED,
    /** The object was deleted, or its deletion started (finalizers outstanding). */
    DELETED,
    /** The write was not attempted (the kind is no longer served, the object was already gone, …). */
    SKIPPED,
    /** The object was deleted and created again (an immutable field changed and the manifest opted in). */
    RECREATED,
    /** The write failed; the result says why. */
    FAILED
}
