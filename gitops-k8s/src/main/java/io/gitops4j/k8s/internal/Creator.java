package io.gitops4j.k8s.internal;

import io.gitops4j.api.resource.Manifest;
import io.gitops4j.api.resource.ObjectId;
import io.gitops4j.api.resource.ResourceKey;
import io.gitops4j.api.target.ApplyOptions;
import io.gitops4j.api.target.LiveObject;
import io.gitops4j.api.target.ObjectOutcome;
import io.gitops4j.api.target.ObjectResult;
import io.gitops4j.api.target.RetryBudget;
import io.gitops4j.api.target.TargetException.Reason;
import io.gitops4j.api.target.WriteContext;
import io.gitops4j.api.target.WriteFailure;
import io.gitops4j.k8s.Identity;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Creates of a batch: one {@code POST} to the kind's collection per object, under the field manager, {@code
 * fieldValidation=Strict}, {@code dryRun=All} on a dry run. An object with {@code metadata.generateName} and no name
 * is named by the server, so its create is never sent twice: a second attempt after a lost answer could create a
 * second object; it gets one attempt, and an answer lost or a server error is FAILED {@code UNAVAILABLE} saying that
 * it may have been created. A named create is retried like any write (a second one cannot create a second object);
 * when an earlier attempt went unanswered and the retry finds the name taken, the object is read back and reported
 * CREATED. Per object otherwise: unknown kind → FAILED {@code UNKNOWN_KIND}, over the size limits → FAILED
 * {@code TOO_LARGE} without a request, name taken → FAILED {@code STALE}. Failures never quote a Secret's values.
 * Thread-safe.
 */
public final class Creator {
    private final WriteWiring wiring;
    private final WriteTracker tracker;

    /** @param wiring what the writes use */
    public Creator(WriteWiring wiring) {
        this.wiring = wiring;
        this.tracker = wiring.tracker();
    }

    /** Creates every object, in parallel up to the pool's bound; see the class description. */
    public List<ObjectResult> createAll(List<Manifest> objects, ApplyOptions options, WriteContext context) {
        return wiring.run(objects, context, (m, who) -> createOne(m, options, context, who));
    }

    private WritePool.Done createOne(Manifest object, ApplyOptions options, WriteContext context,
            Optional<Identity> who) {
        ResourceKey key = object.key();
        SecretRedaction redaction = SecretRedaction.of(object);
        WriteChecks.Checked checked = wiring.checks().check(object, object.tree());
        if (!(checked instanceof WriteChecks.Ready ready)) {
            return WritePool.Done.failed(key, checked.refusal().orElseThrow());
        }
        ServedKind kind = ready.kind();
        ApiRequest post = ApiRequest.of("POST", ObjectPaths.collection(kind, key.group(), key.version(),
                key.namespace())).withQuery("fieldManager", wiring.settings().manager(options))
                .withQuery("fieldValidation", "Strict");
        if (options.dryRun()) {
            post = post.withQuery("dryRun", "All");
        }
        post = post.withBody(ApiRequest.JSON, ready.body()).as(who);
        boolean named = !object.isGenerated();
        ObjectId id = key.id();
        Optional<LiveObject> stored = Optional.empty();
        if (named && !options.dryRun()) {
            tracker.starting(id);
        }
        try {
            Retrying.Sent sent = wiring.http().send(post, named ? context.retries() : RetryBudget.of(0));
            ApiResponse r = sent.response();
            if (r.isSuccess()) {
                LiveObject created = LiveObjects.of(r.json(), key.apiVersion(), key.kind());
                if (!options.dryRun()) {
                    stored = Optional.of(created);
                }
                return new WritePool.Done(ObjectResult.written(ObjectOutcome.CREATED, created), false);
            }
            if (named && r.code() == 409 && sent.unanswered()) {
                Optional<LiveObject> there = wiring.reads().get(kind, key);
                if (there.isPresent()) {   // our earlier attempt took effect; its answer was lost
                    stored = there;
                    return new WritePool.Done(ObjectResult.written(ObjectOutcome.CREATED, there.get()), false);
                }
            }
            WriteFailure f = redaction.apply(Applier.explain(key, r, "create", who));
            if (!named && f.reason() == Reason.UNAVAILABLE) {
                f = maybeCreated(f);
            }
            return WritePool.Done.failed(key, f);
        } catch (IOException e) {
            WriteFailure f = ApiFailures.unreachable(key, e);
            return new WritePool.Done(ObjectResult.failed(key, named ? f : maybeCreated(f)), true);
        } finally {
            if (named && !options.dryRun()) {
                tracker.finished(id, stored, Optional.empty());
            } else if (stored.isPresent()) {
                ObjectId given = stored.get().key().id();
                tracker.starting(given);
                tracker.finished(given, stored, Optional.empty());
            }
        }
    }

    private static WriteFailure maybeCreated(WriteFailure f) {
        return new WriteFailure(f.reason(), f.message() + "; not sent again: the server names this object, so a "
                + "second create could make a second one (the first may have been created)", f.details());
    }
}
