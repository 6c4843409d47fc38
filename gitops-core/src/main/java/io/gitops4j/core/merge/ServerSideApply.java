package io.gitops4j.core.merge;

import java.util.Map;
import java.util.Objects;

/**
 * Kubernetes server-side apply on plain trees: the {@code Apply} operation and the ownership bookkeeping of
 * {@code Update} operations (create, PUT, non-apply PATCH), recorded in {@code metadata.managedFields}.
 *
 * <p>The model: schemas give list semantics ({@code atomic}, {@code set}, {@code map} with one or several keys,
 * defaulted keys taking their default), map semantics ({@code granular}/{@code atomic}); without a schema maps
 * are granular and lists atomic. Ownership is tracked per manager identity (manager, operation, subresource, and
 * API version for updates) as FieldsV1 field sets; status and metadata rules come from the request's
 * {@link FieldScope} and the fixed metadata rules.
 *
 * <p>Out of reach (lenient mode approximates, strict mode throws {@link UnsupportedMergeException}):
 * <ul>
 *   <li>version conversion: managers recorded at another API version are assumed to use the same field
 *       layout;</li>
 *   <li>unions ({@code x-kubernetes-unions}): no discriminator normalisation, fields merge as ordinary fields;</li>
 *   <li>unknown {@code x-kubernetes-list-type}s, {@code map} lists without keys, {@code set} lists of non-scalars:
 *       treated as atomic;</li>
 *   <li>fields outside the schema: treated as untyped;</li>
 *   <li>values of the wrong shape for their schema: treated as atomic.</li>
 * </ul>
 * Not modelled in either mode: the cap of ten {@code Update} managers (merged into {@code ancient-changes}), the
 * interplay with {@code kubectl.kubernetes.io/last-applied-configuration}, validation and defaulting of the object
 * (the caller's job; only list-map keys with schema defaults are filled in). Metadata other than labels,
 * annotations, finalizers and ownerReferences is merged but never owned: the caller enforces system fields
 * ({@code uid}, {@code resourceVersion} preconditions, {@code creationTimestamp}, {@code generation}).
 *
 * <p>Approximations of the API server's FieldsV1 shapes: an object that appears through an update is marked
 * with {@code "."} unless its schema marks it as a value struct (OpenAPI {@code default: {}}), which stands in
 * for the Go zero values the API server starts a create from; emptied lists and emptied additional-properties
 * maps are removed after pruning (like {@code omitempty}), emptied structs stay.
 *
 * <p>Instances are immutable and thread-safe; inputs are never modified; results are fresh trees.
 */
public final class ServerSideApply {

    private final boolean strict;

    /** The lenient engine. */
    public ServerSideApply() {
        this(false);
    }

    /** @param strict fail with {@link UnsupportedMergeException} where the model stops instead of approximating */
    public ServerSideApply(boolean strict) {
        this.strict = strict;
    }

    public boolean isStrict() {
        return strict;
    }

    /**
     * Applies {@code config} on behalf of {@code request.manager()}.
     *
     * @param live   the stored object with its managedFields, or null when the apply creates it
     * @param config the applied configuration (must not carry {@code metadata.managedFields})
     * @param type   the kind's schema ({@link TypeSchema#UNTYPED} when none)
     * @return the merged object and whether anything changed
     * @throws ApplyConflictException when fields owned by other managers would change and force is off
     * @throws MergeException         on malformed input (e.g. duplicate or missing list keys)
     */
    public ApplyOutcome apply(Map<String, Object> live, Map<String, Object> config, ApplyRequest request,
                              TypeSchema type) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(type, "type");
        return new ApplyOperation(new Shapes(strict)).run(live, config, request, type);
    }

    /**
     * Records the ownership of a non-apply write: {@code newObject} is the object the write produced (after
     * merge/JSON patch/strategic merge patch, defaulting and validation by the caller). Fields outside the
     * request's scope keep their live values. A {@code metadata.managedFields} of {@code [{}]} resets ownership;
     * another non-empty value sent to the main resource replaces the stored entries.
     *
     * @param live the stored object, or null on create
     * @throws MergeException on malformed input
     */
    public ApplyOutcome update(Map<String, Object> live, Map<String, Object> newObject, UpdateRequest request,
                               TypeSchema type) {
        Objects.requireNonNull(newObject, "newObject");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(type, "type");
        return new UpdateOperation(new Shapes(strict)).run(live, newObject, request, type, false);
    }

    /**
     * {@link #update} for a caller that hands {@code newObject} over: it is not copied, may be modified and may
     * become part of the result, so the caller must not use it afterwards. Saves one deep copy per write (what a
     * fake API server does on every PUT of a freshly decoded body). {@code live} is still never modified.
     *
     * @throws MergeException on malformed input
     */
    public ApplyOutcome updateTaking(Map<String, Object> live, Map<String, Object> newObject, UpdateRequest request,
                                     TypeSchema type) {
        Objects.requireNonNull(newObject, "newObject");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(type, "type");
        return new UpdateOperation(new Shapes(strict)).run(live, newObject, request, type, true);
    }

    /**
     * The fields a configuration specifies, as an applier would own them (before metadata and scope rules).
     */
    public FieldSet fieldsOf(Map<String, Object> config, TypeSchema type) {
        return AppliedFields.of(Values.copyMap(config), type, new Shapes(strict));
    }
}
