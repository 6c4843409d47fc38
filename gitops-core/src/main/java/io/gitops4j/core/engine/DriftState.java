package io.gitops4j.core.engine;

/**
 * What the engine keeps about one Application's drift between passes: which change events are drift of its objects
 * ({@link OwnedObjects}, fed by each pass and read by its change feed) and how often each object was corrected
 * ({@link DriftCorrections}, for the backoff of DA-12), and the proof that nothing drifted since the last pass that
 * changed nothing ({@link NoOpProof}). All parts are thread-safe.
 *
 * @param owned the objects whose changes are drift, and their last content
 * @param corrections the corrections per object
 * @param noOp the last pass that changed nothing, while its plan may be reused
 */
record DriftState(OwnedObjects owned, DriftCorrections corrections, NoOpProof noOp) {
    /** @return the state of a newly registered Application */
    static DriftState of(String application) {
        return new DriftState(new OwnedObjects(application), new DriftCorrections(), new NoOpProof());
    }
}
