package io.gitops4j.k8s.internal;

import io.gitops4j.api.resource.ObjectId;
import io.gitops4j.api.resource.ResourceKey;
import io.gitops4j.api.target.DeleteOptions;
import io.gitops4j.api.target.DeleteRequest;
import io.gitops4j.api.target.LiveObject;
import io.gitops4j.api.target.ObjectResult;
import io.gitops4j.api.target.WriteContext;
import io.gitops4j.k8s.Identity;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes of a batch: one {@code DELETE} per object carrying its preconditions (UID, resourceVersion: the server
 * answers 409 when they no longer hold, reported as FAILED {@code STALE} — PR-05) and the propagation policy.
 * Per object: a kind the server no longer serves is SKIPPED with a warning (PR-11); an object already gone is
 * SKIPPED ("already gone"), or DELETED when an earlier attempt of this very delete went unanswered; an object whose
 * finalizers hold it is DELETED (its deletion started); any refusal or error is FAILED with its reason, so the
 * engine keeps it in the inventory and retries (PR-07). Thread-safe.
 */
public final class Deleter {
    private static final Logger LOG = LoggerFactory.getLogger(Deleter.class);

    private final Retrying http;
    private final Discovery discovery;
    private final WritePool pool;
    private final WriteTracker tracker;
    private final WriteSettings settings;

    /** Wires the deleter. */
    public Deleter(Retrying http, Discovery discovery, WritePool pool, WriteTracker tracker, WriteSettings settings) {
        this.http = http;
        this.discovery = discovery;
        this.pool = pool;
        this.tracker = tracker;
        this.settings = settings;
    }

    /** Deletes every request, in parallel up to the pool's bound; see the class description. */
    public List<ObjectResult> deleteAll(List<DeleteRequest> requests, DeleteOptions options, WriteContext context) {
        Optional<Identity> who = settings.identity(context.application());
        return pool.run(requests, r -> deleteOne(r, options, context, who));
    }

    private WritePool.Done deleteOne(DeleteRequest request, DeleteOptions options, WriteContext context,
            Optional<Identity> who) {
        ResourceKey key = request.key();
        Optional<ServedKind> kind = discovery.find(key.groupKind());
        if (kind.isEmpty()) {
            LOG.warn("{}: not deleted: the API server no longer serves {}", key.displayName(), key.groupKind());
            return done(ObjectResult.skipped(key, "kind no longer served"));
        }
        String version = kind.get().info().serves(key.version()) ? key.version()
                : kind.get().info().preferredVersion();
        String path = ObjectPaths.object(kind.get(), key.group(), version, key.namespace(), key.name());
        ApiRequest delete = ApiRequest.of("DELETE", path).withBody(ApiRequest.JSON, Json.write(body(request, options)))
                .as(who);
        if (options.dryRun()) {
            delete = delete.withQuery("dryRun", "All");
        }
        ObjectId id = key.id();
        Optional<String> deletedUid = Optional.empty();
        Optional<LiveObject> terminating = Optional.empty();
        if (!options.dryRun()) {
            tracker.starting(id);
        }
        try {
            Retrying.Sent sent = http.send(delete, context.retries());
            ApiResponse r = sent.response();
            Optional<String> expectedUid = Optional.of(request.expected().uid()).filter(u -> !u.isEmpty());
            if (r.isSuccess()) {
                String uid = Json.string(Json.map(r.json(), "metadata"), "uid");
                if (uid.isEmpty()) {
                    uid = Json.string(Json.map(r.json(), "details"), "uid");
                }
                deletedUid = uid.isEmpty() ? expectedUid : Optional.of(uid);
                terminating = stillThere(r.json(), kind.get(), version);
                return done(ObjectResult.deleted(key));
            }
            if (r.code() == 404 && r.status().namesObject()) {
                if (sent.unanswered()) {
                    deletedUid = expectedUid;
                    return done(ObjectResult.deleted(key));
                }
                return done(ObjectResult.skipped(key, "already gone"));
            }
            if (r.code() == 404) {
                LOG.warn("{}: not deleted: the API server no longer serves {}", key.displayName(), key.groupKind());
                return done(ObjectResult.skipped(key, "kind no longer served"));
            }
            return done(ObjectResult.failed(key, Applier.explain(key, r, "delete", who)));
        } catch (IOException e) {
            return new WritePool.Done(ObjectResult.failed(key, ApiFailures.unreachable(key, e)), true);
        } finally {
            if (!options.dryRun()) {
                tracker.finished(id, terminating, deletedUid);
            }
        }
    }

    /** @return the object a delete answered with when it still exists (finalizers hold it), else empty */
    private static Optional<LiveObject> stillThere(Map<String, Object> answer, ServedKind kind, String version) {
        Map<String, Object> meta = Json.map(answer, "metadata");
        if ("Status".equals(answer.get("kind")) || Json.string(meta, "deletionTimestamp").isEmpty()
                || Json.list(meta, "finalizers").isEmpty()) {
            return Optional.empty();
        }
        String group = kind.info().kind().group();
        return Optional.of(LiveObjects.of(answer, group.isEmpty() ? version : group + "/" + version,
                kind.info().kind().kind()));
    }

    private Map<String, Object> body(DeleteRequest request, DeleteOptions options) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("kind", "DeleteOptions");
        body.put("apiVersion", "v1");
        body.put("propagationPolicy", settings.propagation(options.propagation()));
        Map<String, Object> pre = new LinkedHashMap<>();
        String uid = request.expected().uid();
        String rv = request.expected().resourceVersion();
        if (!uid.isEmpty()) {
            pre.put("uid", uid);
        }
        if (!rv.isEmpty()) {
            pre.put("resourceVersion", rv);
        }
        if (!pre.isEmpty()) {
            body.put("preconditions", pre);
        }
        return body;
    }

    private static WritePool.Done done(ObjectResult result) {
        return new WritePool.Done(result, false);
    }
}
