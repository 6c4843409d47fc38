package io.gitops4j.core.target;

import io.gitops4j.api.resource.Manifest;
import io.gitops4j.api.resource.ObjectId;
import io.gitops4j.api.resource.ResourceKey;
import io.gitops4j.api.target.ApplyOptions;
import io.gitops4j.api.target.ApplyRequest;
import io.gitops4j.api.target.ChangeEvent;
import io.gitops4j.api.target.ClusterView;
import io.gitops4j.api.target.DeleteOptions;
import io.gitops4j.api.target.DeleteRequest;
import io.gitops4j.api.target.InventoryStore;
import io.gitops4j.api.target.LiveObject;
import io.gitops4j.api.target.ObjectOutcome;
import io.gitops4j.api.target.ObjectResult;
import io.gitops4j.api.target.Target;
import io.gitops4j.api.target.TargetException;
import io.gitops4j.api.target.WriteContext;
import io.gitops4j.api.target.WriteFailure;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A target that keeps objects in memory, with the metadata a server assigns: {@code uid}, {@code
 * resourceVersion} (one counter, unchanged by a no-op apply), {@code generation} and {@code creationTimestamp}.
 *
 * <p>Apply replaces everything but {@code status} and the server-owned metadata with the desired object (create
 * does the same for an object that must not exist yet, and names one that has only a {@code generateName}); it does
 * not model field ownership (use the testkit's {@code FakeKube} for that), so it keeps no managedFields; a new
 * Namespace is Active and a new CRD Established at once. Every kind is accepted in every version
 * (an object is one object whatever version it is read in); scopes come from {@link InMemoryKinds}. Preconditions
 * that fail, on apply or delete, fail that object with reason STALE. Its {@link #view()} reads the store directly
 * (no cache is needed) and its change feed marks the events of writes made through this target as own writes;
 * {@link #put} writes as another actor would. Thread-safe: all operations synchronize on the store; events are
 * delivered on the writing thread after the store is unlocked.
 */
public final class InMemoryTarget implements Target {
    /** The characters a server appends to a generateName (no vowels, no look-alike digits). */
    private static final String NAME_CHARS = "bcdfghjklmnpqrstvwxz2456789";
    private static final List<String> SERVER_FIELDS = List.of("uid", "resourceVersion", "generation",
            "creationTimestamp");

    private final TreeMap<ObjectId, Manifest> objects = new TreeMap<>();
    private final AtomicLong resourceVersion = new AtomicLong(1000);
    private final AtomicLong writes = new AtomicLong();
    private final Clock clock;
    private final InMemoryView view = new InMemoryView(this);
    private final MemoryInventoryStore inventories = new MemoryInventoryStore(writes::incrementAndGet);
    private final MemoryPinStore pins = new MemoryPinStore();

    /** @param clock the clock for creation timestamps */
    public InMemoryTarget(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** @return a target with the system clock */
    public static InMemoryTarget create() {
        return new InMemoryTarget(Clock.systemUTC());
    }

    /** @return how many writes (creates, changing applies, deletes, inventory writes) this target has taken */
    public long writeCount() {
        return writes.get();
    }

    /** @return every stored object, sorted by identity */
    public synchronized List<LiveObject> all() {
        List<LiveObject> out = new ArrayList<>();
        objects.values().forEach(m -> out.add(LiveObject.of(m)));
        return out;
    }

    /**
     * Stores an object as another actor would (a person with kubectl, a controller), to simulate drift or
     * pre-existing objects. Counts as a write and notifies watchers (not as an own write).
     */
    public LiveObject put(Manifest manifest) {
        return write(ApplyRequest.of(manifest), false, false).object().orElseThrow();
    }

    /**
     * Makes the stored inventory of {@code application} unreadable, as a truncated or corrupt one would be (PR-10):
     * reads fail with {@code InventoryUnreadableException} until a write replaces it.
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
        requests.forEach(r -> out.add(write(r, options.dryRun(), true)));
        return out;
    }

    /**
     * {@inheritDoc}
     *
     * <p>An object with {@code generateName} and no name gets the generateName and five random characters, as a
     * server names it; a name already taken fails the object with reason STALE.
     */
    @Override
    public List<ObjectResult> createAll(List<Manifest> desired, ApplyOptions options, WriteContext context) {
        List<ObjectResult> out = new ArrayList<>(desired.size());
        desired.forEach(m -> out.add(create(m, options.dryRun())));
        return out;
    }

    @Override
    public List<ObjectResult> deleteAll(List<DeleteRequest> requests, DeleteOptions options, WriteContext context) {
        List<ObjectResult> out = new ArrayList<>(requests.size());
        requests.forEach(r -> out.add(delete(r, options.dryRun())));
        return out;
    }

    @Override
    public InventoryStore inventories() {
        return inventories;
    }

    /** @return the pins, kept in memory beside the objects (not counted in {@link #writeCount()}) */
    @Override
    public MemoryPinStore pins() {
        return pins;
    }

    synchronized Optional<Manifest> find(ObjectId id) {
        return Optional.ofNullable(objects.get(id));
    }

    synchronized List<Manifest> snapshot() {
        return List.copyOf(objects.values());
    }

    private ObjectResult write(ApplyRequest request, boolean dryRun, boolean own) {
        ResourceKey key = request.key();
        ChangeEvent event;
        ObjectResult result;
        synchronized (this) {
            Manifest current = objects.get(key.id());
            Optional<WriteFailure> stale = PreconditionCheck.check(key, request.expected(),
                    Optional.ofNullable(current).map(LiveObject::of));
            if (stale.isPresent()) {
                return ObjectResult.failed(key, stale.get());
            }
            Manifest next = merge(current, request.desired());
            if (current != null && current.canonicalJson().equals(next.canonicalJson())) {
                return ObjectResult.written(ObjectOutcome.UNCHANGED, LiveObject.of(current));
            }
            ObjectOutcome outcome = current == null ? ObjectOutcome.CREATED : ObjectOutcome.CONFIGURED;
            if (dryRun) {
                return ObjectResult.written(outcome, LiveObject.of(next));
            }
            next = withServerMetadata(current, next);
            objects.put(key.id(), next);
            writes.incrementAndGet();
            result = ObjectResult.written(outcome, LiveObject.of(next));
            event = ChangeEvent.of(current == null ? ChangeEvent.Type.ADDED : ChangeEvent.Type.MODIFIED,
                    result.object().orElseThrow(), own);
        }
        view.publish(event);
        return result;
    }

    private ObjectResult create(Manifest desired, boolean dryRun) {
        ObjectResult result;
        synchronized (this) {
            Manifest named = desired.isGenerated() ? withGeneratedName(desired) : desired;
            ResourceKey key = named.key();
            if (objects.containsKey(key.id())) {
                return ObjectResult.failed(desired.key(), new WriteFailure(TargetException.Reason.STALE,
                        key.displayName() + ": already exists", List.of()));
            }
            Manifest next = merge(null, named);
            if (dryRun) {
                return ObjectResult.written(ObjectOutcome.CREATED, LiveObject.of(next));
            }
            next = withServerMetadata(null, next);
            objects.put(key.id(), next);
            writes.incrementAndGet();
            result = ObjectResult.written(ObjectOutcome.CREATED, LiveObject.of(next));
        }
        view.publish(ChangeEvent.of(ChangeEvent.Type.ADDED, result.object().orElseThrow(), true));
        return result;
    }

    /** {@code desired} named by its generateName and five random characters no stored object of its kind has. */
    private Manifest withGeneratedName(Manifest desired) {
        String base = desired.generateName().length() > 58 ? desired.generateName().substring(0, 58)
                : desired.generateName();
        while (true) {
            StringBuilder name = new StringBuilder(base);
            for (int i = 0; i < 5; i++) {
                name.append(NAME_CHARS.charAt(ThreadLocalRandom.current().nextInt(NAME_CHARS.length())));
            }
            Map<String, Object> metadata = new LinkedHashMap<>(desired.metadata());
            metadata.put("name", name.toString());
            Manifest named = desired.with("metadata", metadata);
            if (!objects.containsKey(named.key().id())) {
                return named;
            }
        }
    }

    private ObjectResult delete(DeleteRequest request, boolean dryRun) {
        ResourceKey key = request.key();
        LiveObject removed;
        synchronized (this) {
            Manifest current = objects.get(key.id());
            if (current == null) {
                return ObjectResult.skipped(key, "already gone");
            }
            Optional<WriteFailure> stale = PreconditionCheck.check(key, request.expected(),
                    Optional.ofNullable(current).map(LiveObject::of));
            if (stale.isPresent()) {
                return ObjectResult.failed(key, stale.get());
            }
            if (dryRun) {
                return ObjectResult.deleted(key);
            }
            objects.remove(key.id());
            writes.incrementAndGet();
            removed = LiveObject.of(current);
        }
        view.publish(ChangeEvent.of(ChangeEvent.Type.DELETED, removed, true));
        return ObjectResult.deleted(key);
    }

    /** The desired object with the live status kept. */
    private static Manifest merge(Manifest current, Manifest desired) {
        Map<String, Object> tree = new LinkedHashMap<>(desired.tree());
        tree.remove("status");
        foldStringData(tree);
        if (current != null && current.tree().containsKey("status")) {
            tree.put("status", current.tree().get("status"));
        } else if (current == null) {
            readyStatus(desired).ifPresent(status -> tree.put("status", status));
        }
        Map<String, Object> metadata = new LinkedHashMap<>(desired.metadata());
        metadata.keySet().removeAll(SERVER_FIELDS);
        if (current != null) {
            for (String serverField : SERVER_FIELDS) {
                Object v = current.metadata().get(serverField);
                if (v != null) {
                    metadata.put(serverField, v);
                }
            }
        }
        tree.put("metadata", metadata);
        return Manifest.of(tree, desired.origin());
    }

    /** What the cluster's controllers report at once for a new Namespace (Active) or CRD (Established). */
    private static Optional<Map<String, Object>> readyStatus(Manifest created) {
        if (created.kind().equals("Namespace") && created.apiVersion().equals("v1")) {
            return Optional.of(Map.of("phase", "Active"));
        }
        if (created.kind().equals("CustomResourceDefinition")) {
            return Optional.of(Map.of("conditions", List.of(Map.of("type", "NamesAccepted", "status", "True"),
                    Map.of("type", "Established", "status", "True"))));
        }
        return Optional.empty();
    }

    /** As the API server does for a v1 Secret: {@code stringData} entries become base64 {@code data} entries. */
    private static void foldStringData(Map<String, Object> tree) {
        if (!"Secret".equals(tree.get("kind")) || !"v1".equals(tree.get("apiVersion"))
                || !(tree.get("stringData") instanceof Map)) {
            return;
        }
        Map<String, Object> data = new LinkedHashMap<>();
        if (tree.get("data") instanceof Map) {
            ((Map<?, ?>) tree.get("data")).forEach((k, v) -> data.put((String) k, v));
        }
        ((Map<?, ?>) tree.remove("stringData")).forEach((k, v) -> data.put((String) k, java.util.Base64.getEncoder()
                .encodeToString(String.valueOf(v).getBytes(java.nio.charset.StandardCharsets.UTF_8))));
        tree.put("data", data);
    }

    private Manifest withServerMetadata(Manifest current, Manifest next) {
        Map<String, Object> metadata = new LinkedHashMap<>(next.metadata());
        metadata.put("resourceVersion", Long.toString(resourceVersion.incrementAndGet()));
        if (current == null) {
            metadata.put("uid", UUID.randomUUID().toString());
            metadata.put("creationTimestamp", Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString());
            metadata.put("generation", 1L);
        } else {
            long generation = LiveObject.of(current).generation();
            boolean specChanged = !Objects.equals(withoutMeta(current), withoutMeta(next));
            metadata.put("generation", specChanged ? generation + 1 : generation);
        }
        return next.with("metadata", metadata);
    }

    private static String withoutMeta(Manifest m) {
        return m.with("metadata", null).with("status", null).canonicalJson();
    }
}
