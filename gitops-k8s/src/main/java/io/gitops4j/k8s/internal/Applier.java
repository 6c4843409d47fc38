package io.gitops4j.k8s.internal;

import io.gitops4j.api.resource.ObjectId;
import io.gitops4j.api.resource.ResourceKey;
import io.gitops4j.api.target.ApplyOptions;
import io.gitops4j.api.target.ApplyRequest;
import io.gitops4j.api.target.LiveObject;
import io.gitops4j.api.target.ObjectOutcome;
import io.gitops4j.api.target.ObjectResult;
import io.gitops4j.api.target.Precondition;
import io.gitops4j.api.target.TargetException;
import io.gitops4j.api.target.TargetException.Reason;
import io.gitops4j.api.target.WriteContext;
import io.gitops4j.api.target.WriteFailure;
import io.gitops4j.core.target.ApplyConflicts;
import io.gitops4j.k8s.Identity;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Server-side apply of a batch: one {@code PATCH} per object with {@code application/apply-patch+yaml} under the
 * field manager, {@code fieldValidation=Strict}, never forced unless the options say so. Per object:
 * <ul>
 *   <li>unknown kind (after one discovery refresh) → FAILED {@code UNKNOWN_KIND}; over the size limits → FAILED
 *       {@code TOO_LARGE} without a request (DA-09);</li>
 *   <li>a precondition is checked first against the cached object (or a GET when the cache does not hold it or
 *       disagrees), then travels in the body ({@code metadata.uid}, {@code metadata.resourceVersion}) so the server
 *       checks it again; a failed one is FAILED {@code STALE} — an object that no longer exists is never created
 *       by a write that expected it;</li>
 *   <li>a conflict (409 naming field managers) whose every field belongs to a manager we may take
 *       ({@link io.gitops4j.core.target.FieldOwnership}) is applied again with {@code force}; otherwise FAILED
 *       {@code CONFLICT} naming the managers and field paths (DA-01). When the cached object shows that every other
 *       manager of the main resource is one we may take from (a drift by {@code kubectl edit}), the apply is forced
 *       at once, guarded by the cached resourceVersion, so correcting the drift costs one request; if the object
 *       changed since, the plain apply follows;</li>
 *   <li>after a stored apply, fields owned by a manager we take over are migrated to ours and the object applied
 *       again, so fields no longer declared are removed (DA-15);</li>
 *   <li>a dry run ({@code dryRun=All}) validates with the server's admission and stores nothing (DA-06).</li>
 * </ul>
 * Failures never quote a Secret's values. Thread-safe.
 */
public final class Applier {
    static final String APPLY_PATCH = "application/apply-patch+yaml";
    static final String JSON_PATCH = "application/json-patch+json";

    private final WriteWiring wiring;
    private final WriteSettings settings;

    /** @param wiring what the writes use */
    public Applier(WriteWiring wiring) {
        this.wiring = wiring;
        this.settings = wiring.settings();
    }

    /** Applies every request, in parallel up to the pool's bound; see the class description. */
    public List<ObjectResult> applyAll(List<ApplyRequest> requests, ApplyOptions options, WriteContext context) {
        return wiring.run(requests, context, (r, who) -> applyOne(r, options, context, who));
    }

    private WritePool.Done applyOne(ApplyRequest request, ApplyOptions options, WriteContext context,
            Optional<Identity> who) {
        ResourceKey key = request.key();
        SecretRedaction redaction = SecretRedaction.of(request.desired());
        WriteChecks.Checked checked = wiring.checks().check(request.desired(), withPrecondition(request));
        if (!(checked instanceof WriteChecks.Ready ready)) {
            return WritePool.Done.failed(key, checked.refusal().orElseThrow());
        }
        ServedKind kind = ready.kind();
        byte[] body = ready.body();
        String manager = settings.manager(options);
        String path = ObjectPaths.object(kind, key.group(), key.version(), key.namespace(), key.name());
        ObjectId id = key.id();
        Optional<LiveObject> before = wiring.tracker().cached(id);
        if (!request.expected().isNone()) {
            Optional<WriteFailure> stale;
            try {
                stale = checkPrecondition(request, kind, before);
            } catch (TargetException e) {
                return WritePool.Done.failed(key, WriteFailure.of(e));
            }
            if (stale.isPresent()) {
                return WritePool.Done.failed(key, stale.get());
            }
        }
        Optional<LiveObject> stored = Optional.empty();
        if (!options.dryRun()) {
            wiring.tracker().starting(id);
        }
        try {
            ApiResponse r = null;
            if (!options.force() && before.isPresent() && holds(request.expected(), before.get())
                    && ApplyConflicts.othersAllTakeable(before.get().manifest(), manager, settings.ownership())) {
                // only managers we may take from share the object: take their fields in one request, as long as
                // the object is still the one the cache holds (else the server answers 409 and we apply plainly)
                r = send(apply(path, manager, true, options.dryRun(), Json.write(withPrecondition(new ApplyRequest(
                        request.desired(), Precondition.of(before.get())))), who), context);
                if (r.code() == 409) {
                    r = null;
                }
            }
            if (r == null) {
                r = send(apply(path, manager, options.force(), options.dryRun(), body, who), context);
            }
            if (r.code() == 409 && !options.force()) {
                ApplyConflicts conflicts = ApplyConflicts.of(r.status());
                if (conflicts.allTakeable(settings.ownership())) {
                    r = send(apply(path, manager, true, options.dryRun(), body, who), context);
                }
            }
            if (!r.isSuccess()) {
                if (r.code() == 422 && !request.expected().uid().isEmpty() && r.status().causes().stream()
                        .anyMatch(c -> c.field().equals("metadata.uid"))) {
                    return WritePool.Done.failed(key, stale(key,
                            "it was deleted and created again (its UID changed)"));
                }
                return WritePool.Done.failed(key, redaction.apply(explain(key, r, "patch", who)));
            }
            boolean created = r.code() == 201;
            LiveObject result = LiveObjects.of(r.json(), key.apiVersion(), key.kind());
            if (!options.dryRun()) {
                result = migrate(result, path, manager, options, body, who, context);
                stored = Optional.of(result);
            }
            ObjectOutcome outcome = created ? ObjectOutcome.CREATED
                    : before.isPresent() && before.get().resourceVersion().equals(result.resourceVersion())
                    ? ObjectOutcome.UNCHANGED : ObjectOutcome.CONFIGURED;
            return new WritePool.Done(ObjectResult.written(outcome, result), false);
        } catch (IOException e) {
            return new WritePool.Done(ObjectResult.failed(key, ApiFailures.unreachable(key, e)), true);
        } finally {
            if (!options.dryRun()) {
                wiring.tracker().finished(id, stored, Optional.empty());
            }
        }
    }

    /** Moves fields of managers we take over to ours and applies again; the stored object when nothing moves. */
    private LiveObject migrate(LiveObject stored, String path, String manager, ApplyOptions options, byte[] body,
            Optional<Identity> who, WriteContext context) throws IOException {
        Optional<List<Map<String, Object>>> patch = FieldMigration.patch(stored.manifest(), manager,
                settings.ownership());
        if (patch.isEmpty()) {
            return stored;
        }
        ApiRequest move = ApiRequest.of("PATCH", path).withQuery("fieldManager", manager)
                .withBody(JSON_PATCH, Json.write(patch.get())).as(who);
        ApiResponse moved = send(move, context);
        if (!moved.isSuccess()) {
            return stored; // someone changed the object meanwhile: the next apply tries again
        }
        ApiResponse again = send(apply(path, manager, options.force(), false, body, who), context);
        return again.isSuccess() ? LiveObjects.of(again.json(), stored.key().apiVersion(), stored.key().kind())
                : stored;
    }

    /**
     * Checks a precondition against the object as the cache holds it, or as a GET reads it when the cache does not
     * hold it or holds another version of it (the cache may lag). The server checks it again on the write.
     */
    private Optional<WriteFailure> checkPrecondition(ApplyRequest request, ServedKind kind,
            Optional<LiveObject> cached) {
        Precondition p = request.expected();
        Optional<LiveObject> live = cached.filter(o -> holds(p, o));
        if (live.isEmpty()) {
            live = wiring.reads().get(kind, request.key());
        }
        if (live.isEmpty()) {
            return Optional.of(stale(request.key(), "it no longer exists"));
        }
        if (!p.uid().isEmpty() && !p.uid().equals(live.get().uid())) {
            return Optional.of(stale(request.key(), "it was deleted and created again (its UID changed)"));
        }
        if (!p.resourceVersion().isEmpty() && !p.resourceVersion().equals(live.get().resourceVersion())) {
            return Optional.of(stale(request.key(), "it changed since it was read (resourceVersion "
                    + live.get().resourceVersion() + ", expected " + p.resourceVersion() + ")"));
        }
        return Optional.empty();
    }

    private static boolean holds(Precondition p, LiveObject o) {
        return (p.uid().isEmpty() || p.uid().equals(o.uid()))
                && (p.resourceVersion().isEmpty() || p.resourceVersion().equals(o.resourceVersion()));
    }

    private static WriteFailure stale(ResourceKey key, String why) {
        return new WriteFailure(Reason.STALE, key.displayName() + ": not applied: " + why, List.of());
    }

    private ApiResponse send(ApiRequest request, WriteContext context) throws IOException {
        return wiring.http().send(request, context.retries()).response();
    }

    private static ApiRequest apply(String path, String manager, boolean force, boolean dryRun, byte[] body,
            Optional<Identity> who) {
        ApiRequest r = ApiRequest.of("PATCH", path).withQuery("fieldManager", manager)
                .withQuery("fieldValidation", "Strict");
        if (force) {
            r = r.withQuery("force", "true");
        }
        if (dryRun) {
            r = r.withQuery("dryRun", "All");
        }
        return r.withBody(APPLY_PATCH, body).as(who);
    }

    private static Map<String, Object> withPrecondition(ApplyRequest request) {
        Map<String, Object> tree = request.desired().tree();
        if (request.expected().isNone()) {
            return tree;
        }
        Map<String, Object> meta = new LinkedHashMap<>(request.desired().metadata());
        if (!request.expected().uid().isEmpty()) {
            meta.put("uid", request.expected().uid());
        }
        if (!request.expected().resourceVersion().isEmpty()) {
            meta.put("resourceVersion", request.expected().resourceVersion());
        }
        Map<String, Object> copy = new LinkedHashMap<>(tree);
        copy.put("metadata", meta);
        return copy;
    }

    /** The failure of an error answer; a refusal (403) also says which verb on what, as whom. */
    static WriteFailure explain(ResourceKey key, ApiResponse r, String verb, Optional<Identity> who) {
        WriteFailure f = ApiFailures.failure(key, r);
        if (f.reason() != Reason.FORBIDDEN) {
            return f;
        }
        List<String> details = new ArrayList<>(f.details());
        details.add(0, verb + " " + key.groupKind() + (key.namespace().isEmpty() ? " (cluster-scoped)"
                : " in namespace " + key.namespace()) + who.map(i -> " as " + i.user()).orElse(""));
        return new WriteFailure(f.reason(), f.message(), details);
    }
}
