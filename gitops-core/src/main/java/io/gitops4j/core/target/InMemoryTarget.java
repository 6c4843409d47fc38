package io.gitops4j.core.target;

import io.gitops4j.api.health.Health;
import io.gitops4j.api.resource.GroupKind;
import io.gitops4j.api.resource.Manifest;
import io.gitops4j.api.resource.ObjectId;
import io.gitops4j.api.resource.ResourceKey;
import io.gitops4j.api.target.ApplyOptions;
import io.gitops4j.api.target.ChangeEvent;
import io.gitops4j.api.target.DeleteOptions;
import io.gitops4j.api.target.Inventory;
import io.gitops4j.api.target.LiveObject;
import io.gitops4j.api.target.Target;
import io.gitops4j.api.target.TargetException;
import io.gitops4j.core.health.HealthRules;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A target that keeps objects in memory, with the metadata a server assigns: {@code uid}, {@code
 * resourceVersion} (one counter, unchanged by a no-op apply), {@code generation} and {@code creationTimestamp}.
 *
 * <p>Apply replaces everything but {@code status} and the server-owned metadata with the desired object; it does
 * not model field ownership (use the testkit's {@code FakeKube} for that). Every object kind is accepted; objects
 * with no namespace are treated as cluster-scoped. Thread-safe: all operations synchronize on the store.
 */
public final class InMemoryTarget implements Target {
    private final TreeMap<ObjectId, Manifest> objects = new TreeMap<>();
    private final Map<String, Inventory> inventories = new TreeMap<>();
    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
    private final AtomicLong resourceVersion = new AtomicLong(1000);
    private final AtomicLong writes = new AtomicLong();
    private final HealthRules health;
    private final Clock clock;

    /**
     * @param health the rules that judge an object's health
     * @param clock the clock for creation timestamps
     */
    public InMemoryTarget(HealthRules health, Clock clock) {
        this.health = Objects.requireNonNull(health, "health");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** @return a target with the built-in health rules and the system clock */
    public static InMemoryTarget create() {
        return new InMemoryTarget(HealthRules.builtIn(), Clock.systemUTC());
    }

    /** @return how many writes (creates, changing applies, deletes, inventory writes) this target has taken */
    public long writeCount() {
        return writes.get();
    }

    /** @return every stored object, sorted by key */
    public synchronized List<LiveObject> all() {
        List<LiveObject> out = new ArrayList<>();
        objects.values().forEach(m -> out.add(LiveObject.of(m)));
        return out;
    }

    /**
     * Stores an object as another actor would (a person with kubectl, a controller), to simulate drift or
     * pre-existing objects. Counts as a write and notifies watchers.
     */
    public LiveObject put(Manifest manifest) {
        return apply(manifest, ApplyOptions.defaults().withFieldManager("test-actor"));
    }

    @Override
    public synchronized Optional<LiveObject> get(ResourceKey key) {
        Manifest m = objects.get(key.id());
        return m == null ? Optional.empty() : Optional.of(LiveObject.of(m));
    }

    @Override
    public synchronized List<LiveObject> list(GroupKind kind, String namespace, Map<String, String> labelSelector) {
        List<LiveObject> out = new ArrayList<>();
        for (Manifest m : objects.values()) {
            if (m.groupKind().equals(kind) && (namespace.isEmpty() || namespace.equals(m.namespace()))
                    && m.labels().entrySet().containsAll(labelSelector.entrySet())) {
                out.add(LiveObject.of(m));
            }
        }
        out.sort(Comparator.comparing((LiveObject o) -> o.key().namespace()).thenComparing(o -> o.key().name()));
        return out;
    }

    @Override
    public synchronized List<LiveObject> listOwnedBy(String ownerUid, List<GroupKind> kinds) {
        List<LiveObject> out = new ArrayList<>();
        for (Manifest m : objects.values()) {
            Object refs = m.metadata().get("ownerReferences");
            if (kinds.contains(m.groupKind()) && refs instanceof List && ((List<?>) refs).stream()
                    .anyMatch(r -> r instanceof Map && ownerUid.equals(((Map<?, ?>) r).get("uid")))) {
                out.add(LiveObject.of(m));
            }
        }
        return out;
    }

    @Override
    public LiveObject apply(Manifest desired, ApplyOptions options) {
        ResourceKey key = desired.key();
        ChangeEvent event;
        LiveObject result;
        synchronized (this) {
            Manifest current = objects.get(key.id());
            Manifest next = merge(current, desired);
            if (current != null && sameContent(current, next)) {
                return LiveObject.of(current);
            }
            if (options.dryRun()) {
                return LiveObject.of(next);
            }
            next = withServerMetadata(current, next);
            objects.put(key.id(), next);
            writes.incrementAndGet();
            result = LiveObject.of(next);
            event = new ChangeEvent(current == null ? ChangeEvent.Type.ADDED : ChangeEvent.Type.MODIFIED, result);
        }
        publish(event);
        return result;
    }

    @Override
    public boolean delete(ResourceKey key, DeleteOptions options) {
        LiveObject removed;
        synchronized (this) {
            Manifest current = objects.get(key.id());
            if (current == null) {
                return false;
            }
            LiveObject live = LiveObject.of(current);
            if (!options.uid().isEmpty() && !options.uid().equals(live.uid())) {
                throw new TargetException(key, TargetException.Reason.STALE, key.displayName()
                        + ": precondition failed: UID in precondition: " + options.uid() + ", UID in object meta: "
                        + live.uid());
            }
            if (!options.resourceVersion().isEmpty() && !options.resourceVersion().equals(live.resourceVersion())) {
                throw new TargetException(key, TargetException.Reason.STALE, key.displayName()
                        + ": precondition failed: resourceVersion changed");
            }
            if (options.dryRun()) {
                return true;
            }
            objects.remove(key.id());
            writes.incrementAndGet();
            removed = live;
        }
        publish(new ChangeEvent(ChangeEvent.Type.DELETED, removed));
        return true;
    }

    @Override
    public AutoCloseable watch(List<GroupKind> kinds, Consumer<ChangeEvent> listener) {
        Subscription s = new Subscription(List.copyOf(kinds), listener);
        subscriptions.add(s);
        return () -> subscriptions.remove(s);
    }

    @Override
    public Health health(ResourceKey key) {
        return get(key).map(health::assess).orElse(Health.missing());
    }

    @Override
    public synchronized Optional<Inventory> readInventory(String application) {
        return Optional.ofNullable(inventories.get(application));
    }

    @Override
    public synchronized void writeInventory(Inventory inventory) {
        if (!inventory.equals(inventories.get(inventory.application()))) {
            inventories.put(inventory.application(), inventory);
            writes.incrementAndGet();
        }
    }

    private void publish(ChangeEvent event) {
        GroupKind kind = event.kind();
        for (Subscription s : subscriptions) {
            if (s.kinds().isEmpty() || s.kinds().contains(kind)) {
                try {
                    s.listener().accept(event);
                } catch (RuntimeException ignored) {
                    // a failing listener must not break the writer or other listeners
                }
            }
        }
    }

    /** The desired object with the live status kept. */
    private static Manifest merge(Manifest current, Manifest desired) {
        Map<String, Object> tree = new LinkedHashMap<>(desired.tree());
        tree.remove("status");
        foldStringData(tree);
        if (current != null && current.tree().containsKey("status")) {
            tree.put("status", current.tree().get("status"));
        }
        Map<String, Object> metadata = new LinkedHashMap<>(desired.metadata());
        if (current != null) {
            for (String serverField : new String[] {"uid", "resourceVersion", "generation", "creationTimestamp"}) {
                Object v = current.metadata().get(serverField);
                if (v != null) {
                    metadata.put(serverField, v);
                }
            }
        } else {
            metadata.keySet().removeAll(List.of("uid", "resourceVersion", "generation", "creationTimestamp"));
        }
        tree.put("metadata", metadata);
        return Manifest.of(tree, desired.origin());
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

    private static boolean sameContent(Manifest current, Manifest next) {
        return current.canonicalJson().equals(next.canonicalJson());
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

    private record Subscription(List<GroupKind> kinds, Consumer<ChangeEvent> listener) {}
}
