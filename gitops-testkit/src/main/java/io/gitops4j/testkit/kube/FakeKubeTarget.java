package io.gitops4j.testkit.kube;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gitops4j.api.resource.Manifest;
import io.gitops4j.api.resource.ResourceKey;
import io.gitops4j.api.target.ApplyOptions;
import io.gitops4j.api.target.ApplyRequest;
import io.gitops4j.api.target.ClusterView;
import io.gitops4j.api.target.DeleteRequest;
import io.gitops4j.api.target.InventoryStore;
import io.gitops4j.api.target.LiveObject;
import io.gitops4j.api.target.ObjectOutcome;
import io.gitops4j.api.target.ObjectResult;
import io.gitops4j.api.target.PinStore;
import io.gitops4j.api.target.ServerVersion;
import io.gitops4j.api.target.Target;
import io.gitops4j.api.target.TargetException;
import io.gitops4j.api.target.WriteContext;
import io.gitops4j.api.target.WriteFailure;
import io.gitops4j.core.target.ApiStatus;
import io.gitops4j.core.target.ApplyConflicts;
import io.gitops4j.core.target.FieldOwnership;
import io.gitops4j.core.target.MemoryInventoryStore;
import io.gitops4j.core.target.MemoryPinStore;
import io.gitops4j.core.target.PreconditionCheck;
import io.gitops4j.testkit.FakeKube;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@link Target} SPI over a {@link FakeKube}, for fast engine tests without HTTP: apply is server-side apply
 * with real field ownership and conflicts, create is the fake's POST (generateName honoured), delete honours preconditions, finalizers and garbage collection, the view
 * reads the fake directly (kinds from its registry), and the change feed delivers the fake's committed changes,
 * marking those this target's writes caused. Errors are the fake's Status answers classified by {@link ApiStatus},
 * as a Kubernetes target classifies a server's. Inventories are kept in memory beside the fake (not as cluster
 * objects, so they never show in its lists, watches or resourceVersion), with versions ({@link MemoryInventoryStore}); so
 * are pins ({@link MemoryPinStore}): they outlive a reconciler on this target, not the target.
 *
 * <p>Preconditions: a UID or resourceVersion a request expects is checked against the stored object (409 → STALE);
 * an expected resourceVersion is also sent with the apply, so the fake refuses it if the object changed in between.
 *
 * <p>Whose fields an apply takes follows core's {@link FieldOwnership} rule, as the Kubernetes target does: when every
 * other manager of the object is one we may take from (an imperative {@code kubectl edit}, a taken-over tool), the
 * apply is forced at once, guarded by the stored resourceVersion; a plain apply refused only by such managers is
 * forced; a conflict with anyone else (another applier, a controller) is the object's {@code CONFLICT} (DA-01,
 * DA-12). Unlike the Kubernetes target, the fake does not afterwards move a taken-over tool's remaining field
 * ownership to ours (DA-15's migration).
 *
 * <p>Thread-safe; writes are serialized. Each {@code watch} subscription runs one daemon thread; {@link #close()}
 * stops them all.
 */
public final class FakeKubeTarget implements Target {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Settings of a fake target.
     *
     * @param kubernetesMinor the minor version its view reports as the server version (1.x)
     * @param watchTimeout how long each watch of a change feed lasts before it is resumed ({@link Duration#ZERO}:
     *     until closed); a resumed watch that finds its resourceVersion compacted re-lists and reports RESYNCED
     * @param ownership whose fields an apply may take (the Kubernetes target's default: imperative kubectl edits
     *     are taken back, client-side kubectl apply and Helm taken over)
     */
    public record Options(int kubernetesMinor, Duration watchTimeout, FieldOwnership ownership) {
        /** @throws IllegalArgumentException for a negative minor or timeout */
        public Options {
            if (kubernetesMinor < 0 || watchTimeout.isNegative()) {
                throw new IllegalArgumentException("kubernetesMinor and watchTimeout must not be negative");
            }
            Objects.requireNonNull(ownership, "ownership");
        }

        /** @return Kubernetes 1.33, watches that last until closed, {@link FieldOwnership#defaults()} */
        public static Options defaults() {
            return new Options(33, Duration.ZERO, FieldOwnership.defaults());
        }

        /** @return a copy reporting Kubernetes 1.{@code value} */
        public Options withKubernetesMinor(int value) {
            return new Options(value, watchTimeout, ownership);
        }

        /** @return a copy whose watches end after {@code value} and are resumed */
        public Options withWatchTimeout(Duration value) {
            return new Options(kubernetesMinor, value, ownership);
        }

        /** @return a copy taking fields as {@code value} says */
        public Options withOwnership(FieldOwnership value) {
            return new Options(kubernetesMinor, watchTimeout, value);
        }
    }

    private final FakeKube kube;
    private final OwnWrites own;
    private final FakeKubeView view;
    private final MemoryInventoryStore inventories = new MemoryInventoryStore(() -> { });
    private final MemoryPinStore pins = new MemoryPinStore();
    private final FieldOwnership ownership;

    /** A target over {@code kube} with the {@linkplain Options#defaults() default options}. */
    public FakeKubeTarget(FakeKube kube) {
        this(kube, Options.defaults());
    }

    /** A target over {@code kube}. */
    public FakeKubeTarget(FakeKube kube, Options options) {
        this.kube = Objects.requireNonNull(kube, "kube");
        this.own = new OwnWrites(kube);
        this.ownership = options.ownership();
        this.view = new FakeKubeView(kube, ServerVersion.parse("v1." + options.kubernetesMinor() + ".0"), own,
                options.watchTimeout());
    }

    /**
     * Makes the stored inventory of {@code application} unreadable, as a truncated or corrupt one would be (PR-10):
     * reads fail with {@code InventoryUnreadableException} until a write replaces it.
     *
     * @throws IllegalStateException when no inventory of it is stored
     */
    public void damageInventory(String application) {
        inventories.damage(application);
    }

    @Override
    public ClusterView view() {
        return view;
    }

    @Override
    public List<ObjectResult> applyAll(List<ApplyRequest> requests, ApplyOptions options, WriteContext context) {
        List<ObjectResult> out = new ArrayList<>(requests.size());
        for (ApplyRequest r : requests) {
            out.add(own.write(() -> apply(r, options)));
        }
        return out;
    }

    /** {@inheritDoc} A create through the fake (POST semantics: generateName honoured, 409 when the name is taken). */
    @Override
    public List<ObjectResult> createAll(List<Manifest> objects, ApplyOptions options, WriteContext context) {
        List<ObjectResult> out = new ArrayList<>(objects.size());
        for (Manifest m : objects) {
            out.add(own.write(() -> create(m, options)));
        }
        return out;
    }

    @Override
    public List<ObjectResult> deleteAll(List<DeleteRequest> requests, io.gitops4j.api.target.DeleteOptions options,
            WriteContext context) {
        PropagationPolicy policy = switch (options.propagation()) {
            case BACKGROUND -> PropagationPolicy.BACKGROUND;
            case FOREGROUND -> PropagationPolicy.FOREGROUND;
            case ORPHAN -> PropagationPolicy.ORPHAN;
        };
        List<ObjectResult> out = new ArrayList<>(requests.size());
        for (DeleteRequest r : requests) {
            out.add(own.write(() -> delete(r, DeleteOptions.defaults().withPropagationPolicy(policy)
                    .withDryRun(options.dryRun()).withPreconditions(r.expected().uid(),
                            r.expected().resourceVersion()))));
        }
        return out;
    }

    @Override
    public InventoryStore inventories() {
        return inventories;
    }

    /** @return the pins of the Applications reconciled through this target, kept in memory beside the fake */
    @Override
    public PinStore pins() {
        return pins;
    }

    /**
     * Makes the stored pin of {@code application} unreadable, as a corrupt one would be: reads fail with {@code
     * PinUnreadableException} until a write or a delete replaces it.
     *
     * @throws IllegalStateException when no pin of it is stored
     */
    public void damagePin(String application) {
        pins.damage(application);
    }

    /** Stops the change feeds. Idempotent. */
    @Override
    public void close() {
        view.close();
        own.close();
    }

    private ObjectResult apply(ApplyRequest request, ApplyOptions options) {
        ResourceKey key = request.key();
        Optional<ResourceType> type = FakeKubeTypes.exact(kube, key.groupKind(), key.version());
        if (type.isEmpty()) {
            return ObjectResult.failed(key, ApiStatus.of(404, FakeKubeException.noSuchResource().status())
                    .failure(key));
        }
        String ns = type.get().namespaced() ? key.namespace() : "";
        try {
            Optional<Map<String, Object>> before = find(type.get(), ns, key.name());
            Optional<WriteFailure> stale = PreconditionCheck.check(key, request.expected(),
                    before.map(o -> LiveObject.of(Manifest.of(o))));
            if (stale.isPresent()) {
                return ObjectResult.failed(key, stale.get());
            }
            WriteResult written = write(type.get(), ns, request, before, options);
            LiveObject after = LiveObject.of(Manifest.of(written.object()));
            ObjectOutcome outcome = before.isEmpty() ? ObjectOutcome.CREATED
                    : LiveObject.of(Manifest.of(before.get())).resourceVersion().equals(after.resourceVersion())
                    ? ObjectOutcome.UNCHANGED : ObjectOutcome.CONFIGURED;
            return ObjectResult.written(outcome, after);
        } catch (FakeKubeException e) {
            return ObjectResult.failed(key, ApiStatus.of(e.code(), e.status()).failure(key));
        } catch (TargetException e) {
            return ObjectResult.failed(key, WriteFailure.of(e));
        }
    }

    /** The apply, forced as {@link FieldOwnership} allows (see the class description). */
    private WriteResult write(ResourceType type, String ns, ApplyRequest request,
            Optional<Map<String, Object>> before, ApplyOptions options) {
        ResourceKey key = request.key();
        String guarded = json(key, withResourceVersion(request.desired(),
                before.map(o -> LiveObject.of(Manifest.of(o)).resourceVersion()).orElse("")));
        String body = json(key, withResourceVersion(request.desired(), request.expected().resourceVersion()));
        WriteOptions plain = WriteOptions.apply(options.fieldManager()).withForce(options.force())
                .withDryRun(options.dryRun());
        if (!options.force() && before.isPresent() && ApplyConflicts.othersAllTakeable(Manifest.of(before.get()),
                options.fieldManager(), ownership)) {
            try {
                return kube.patch(type, ns, key.name(), PatchType.APPLY, guarded, plain.withForce(true));
            } catch (FakeKubeException e) {
                if (e.code() != 409) {
                    throw e;
                }
                // changed since it was read: the plain apply decides
            }
        }
        try {
            return kube.patch(type, ns, key.name(), PatchType.APPLY, body, plain);
        } catch (FakeKubeException e) {
            if (e.code() == 409 && !options.force()
                    && ApplyConflicts.of(ApiStatus.of(e.code(), e.status())).allTakeable(ownership)) {
                return kube.patch(type, ns, key.name(), PatchType.APPLY, body, plain.withForce(true));
            }
            throw e;
        }
    }

    /** The desired object naming {@code resourceVersion} (none when empty), so the write fails if it changed. */
    private static Map<String, Object> withResourceVersion(Manifest desired, String resourceVersion) {
        Map<String, Object> body = new LinkedHashMap<>(desired.tree());
        if (!resourceVersion.isEmpty()) {
            Map<String, Object> meta = new LinkedHashMap<>(desired.metadata());
            meta.put("resourceVersion", resourceVersion);
            body.put("metadata", meta);
        }
        return body;
    }

    private ObjectResult create(Manifest object, ApplyOptions options) {
        ResourceKey key = object.key();
        Optional<ResourceType> type = FakeKubeTypes.exact(kube, key.groupKind(), key.version());
        if (type.isEmpty()) {
            return ObjectResult.failed(key, ApiStatus.of(404, FakeKubeException.noSuchResource().status())
                    .failure(key));
        }
        try {
            WriteResult written = kube.create(type.get(), type.get().namespaced() ? key.namespace() : "",
                    new LinkedHashMap<>(object.tree()), WriteOptions.defaults()
                            .withFieldManager(options.fieldManager()).withDryRun(options.dryRun()));
            return ObjectResult.written(ObjectOutcome.CREATED, LiveObject.of(Manifest.of(written.object())));
        } catch (FakeKubeException e) {
            return ObjectResult.failed(key, ApiStatus.of(e.code(), e.status()).failure(key));
        }
    }

    private ObjectResult delete(DeleteRequest request, DeleteOptions options) {
        ResourceKey key = request.key();
        Optional<ResourceType> type = FakeKubeTypes.exact(kube, key.groupKind(), key.version())
                .or(() -> FakeKubeTypes.preferred(kube, key.groupKind()));
        if (type.isEmpty()) {
            return ObjectResult.skipped(key, "kind no longer served");
        }
        try {
            kube.delete(type.get(), type.get().namespaced() ? key.namespace() : "", key.name(), options);
            return ObjectResult.deleted(key);
        } catch (FakeKubeException e) {
            if (e.code() == 404) {
                return ObjectResult.skipped(key, "already gone");
            }
            return ObjectResult.failed(key, ApiStatus.of(e.code(), e.status()).failure(key));
        }
    }

    private Optional<Map<String, Object>> find(ResourceType type, String ns, String name) {
        try {
            return Optional.of(kube.get(type, ns, name));
        } catch (FakeKubeException e) {
            if (e.code() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private static String json(ResourceKey key, Map<String, Object> body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new TargetException(key, TargetException.Reason.INVALID, key.displayName()
                    + ": cannot be written as JSON", List.of(), e);
        }
    }
}
