package io.gitops4j.testkit.kube;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gitops4j.api.health.Health;
import io.gitops4j.api.resource.GroupKind;
import io.gitops4j.api.resource.Manifest;
import io.gitops4j.api.resource.ResourceKey;
import io.gitops4j.api.target.ApplyOptions;
import io.gitops4j.api.target.ChangeEvent;
import io.gitops4j.api.target.Inventory;
import io.gitops4j.api.target.LiveObject;
import io.gitops4j.api.target.Target;
import io.gitops4j.api.target.TargetException;
import io.gitops4j.core.health.HealthRules;
import io.gitops4j.testkit.FakeKube;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The {@link Target} SPI over a {@link FakeKube}, for fast engine tests without HTTP: apply is server-side apply
 * with real field ownership and conflicts, delete honours preconditions, finalizers and garbage collection, watches
 * deliver the fake's committed changes. Inventories are kept in memory beside the fake (not as cluster objects).
 *
 * <p>Thread-safe. Each {@link #watch} subscription runs one daemon thread that delivers its events in commit order;
 * {@link #close()} stops them all.
 */
public final class FakeKubeTarget implements Target {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final FakeKube kube;
    private final HealthRules health;
    private final Map<String, Inventory> inventories = new ConcurrentHashMap<>();
    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();

    /** A target over {@code kube} judging health with the built-in rules. */
    public FakeKubeTarget(FakeKube kube) {
        this(kube, HealthRules.builtIn());
    }

    /** A target over {@code kube} judging health with {@code health}. */
    public FakeKubeTarget(FakeKube kube, HealthRules health) {
        this.kube = Objects.requireNonNull(kube, "kube");
        this.health = Objects.requireNonNull(health, "health");
    }

    @Override
    public Optional<LiveObject> get(ResourceKey key) {
        Optional<ResourceType> type = typeOf(key.group(), key.version(), key.kind());
        if (type.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(live(kube.get(type.get(), key.namespace(), key.name())));
        } catch (FakeKubeException e) {
            if (e.code() == 404) {
                return Optional.empty();
            }
            throw translate(key, e);
        }
    }

    @Override
    public List<LiveObject> list(GroupKind kind, String namespace, Map<String, String> labelSelector) {
        Optional<ResourceType> type = typeOf(kind.group(), "", kind.kind());
        if (type.isEmpty()) {
            return List.of();
        }
        StringBuilder selector = new StringBuilder();
        labelSelector.forEach((k, v) -> selector.append(selector.length() == 0 ? "" : ",").append(k).append('=')
                .append(v));
        try {
            String ns = type.get().namespaced() ? namespace : "";
            List<LiveObject> out = new ArrayList<>();
            for (Map<String, Object> o : kube.list(type.get(), ns,
                    ListOptions.defaults().withLabelSelector(selector.toString())).items()) {
                out.add(live(o));
            }
            return out;
        } catch (FakeKubeException e) {
            throw translate(null, e);
        }
    }

    @Override
    public List<LiveObject> listOwnedBy(String ownerUid, List<GroupKind> kinds) {
        List<LiveObject> out = new ArrayList<>();
        for (GroupKind kind : kinds) {
            for (LiveObject o : list(kind, "", Map.of())) {
                Object refs = o.manifest().metadata().get("ownerReferences");
                if (refs instanceof List<?> l && l.stream().anyMatch(r -> r instanceof Map<?, ?> m
                        && ownerUid.equals(m.get("uid")))) {
                    out.add(o);
                }
            }
        }
        return out;
    }

    @Override
    public LiveObject apply(Manifest desired, ApplyOptions options) {
        ResourceKey key = desired.key();
        ResourceType type = typeOf(key.group(), key.version(), key.kind()).filter(t -> t.version()
                .equals(key.version())).orElseThrow(() -> new TargetException(key, TargetException.Reason.UNKNOWN_KIND,
                key.displayName() + ": the server does not serve " + key.apiVersion() + " " + key.kind()));
        String body;
        try {
            body = JSON.writeValueAsString(desired.tree());
        } catch (JsonProcessingException e) {
            throw new TargetException(key, TargetException.Reason.INVALID, key.displayName()
                    + ": cannot be written as JSON", List.of(), e);
        }
        WriteOptions write = WriteOptions.apply(options.fieldManager()).withForce(options.force())
                .withDryRun(options.dryRun());
        try {
            String ns = type.namespaced() ? key.namespace() : "";
            return live(kube.patch(type, ns, key.name(), PatchType.APPLY, body, write).object());
        } catch (FakeKubeException e) {
            throw translate(key, e);
        }
    }

    @Override
    public boolean delete(ResourceKey key, io.gitops4j.api.target.DeleteOptions options) {
        Optional<ResourceType> type = typeOf(key.group(), key.version(), key.kind());
        if (type.isEmpty()) {
            return false;
        }
        PropagationPolicy policy = switch (options.propagation()) {
            case BACKGROUND -> PropagationPolicy.BACKGROUND;
            case FOREGROUND -> PropagationPolicy.FOREGROUND;
            case ORPHAN -> PropagationPolicy.ORPHAN;
        };
        DeleteOptions delete = DeleteOptions.defaults().withPropagationPolicy(policy).withDryRun(options.dryRun())
                .withPreconditions(options.uid(), options.resourceVersion());
        try {
            kube.delete(type.get(), type.get().namespaced() ? key.namespace() : "", key.name(), delete);
            return true;
        } catch (FakeKubeException e) {
            if (e.code() == 404) {
                return false;
            }
            throw translate(key, e);
        }
    }

    @Override
    public AutoCloseable watch(List<GroupKind> kinds, Consumer<ChangeEvent> listener) {
        List<Watch> watches = new ArrayList<>();
        for (ResourceType type : kube.registry().types()) {
            boolean wanted = kinds.isEmpty() || kinds.contains(new GroupKind(type.group(), type.kind()));
            if (wanted && isPreferred(type)) {
                watches.add(kube.watch(type, "", WatchOptions.defaults().withResourceVersion(kube.resourceVersion())));
            }
        }
        Subscription s = new Subscription(watches, listener);
        subscriptions.add(s);
        s.start();
        return () -> {
            subscriptions.remove(s);
            s.close();
        };
    }

    @Override
    public Health health(ResourceKey key) {
        return get(key).map(health::assess).orElse(Health.missing());
    }

    @Override
    public Optional<Inventory> readInventory(String application) {
        return Optional.ofNullable(inventories.get(application));
    }

    @Override
    public void writeInventory(Inventory inventory) {
        inventories.put(inventory.application(), inventory);
    }

    @Override
    public void close() {
        for (Subscription s : subscriptions) {
            s.close();
        }
        subscriptions.clear();
    }

    /** The served type for a group/kind: the given version when served, else the group's preferred one. */
    private Optional<ResourceType> typeOf(String group, String version, String kind) {
        Optional<ResourceType> exact = kube.registry().types().stream()
                .filter(t -> t.group().equals(group) && t.kind().equals(kind) && t.version().equals(version))
                .findFirst();
        if (exact.isPresent()) {
            return exact;
        }
        return kube.registry().types().stream().filter(t -> t.group().equals(group) && t.kind().equals(kind))
                .filter(this::isPreferred).findFirst();
    }

    private boolean isPreferred(ResourceType type) {
        List<String> versions = kube.registry().types().stream()
                .filter(t -> t.group().equals(type.group()) && t.plural().equals(type.plural()))
                .map(ResourceType::version).sorted(ResourceRegistry.VERSION_PRIORITY).toList();
        return !versions.isEmpty() && versions.get(0).equals(type.version());
    }

    private static LiveObject live(Map<String, Object> object) {
        return LiveObject.of(Manifest.of(object));
    }

    @SuppressWarnings("unchecked")
    private static TargetException translate(ResourceKey key, FakeKubeException e) {
        TargetException.Reason reason = switch (e.code()) {
            case 409 -> "Conflict".equals(e.reason()) && e.getMessage().startsWith("Apply failed")
                    ? TargetException.Reason.CONFLICT : TargetException.Reason.STALE;
            case 404 -> TargetException.Reason.NOT_FOUND;
            case 400, 415, 422 -> TargetException.Reason.INVALID;
            case 403 -> TargetException.Reason.FORBIDDEN;
            case 410 -> TargetException.Reason.STALE;
            case 413 -> TargetException.Reason.TOO_LARGE;
            default -> TargetException.Reason.UNAVAILABLE;
        };
        List<String> details = new ArrayList<>();
        Object d = e.status().get("details");
        if (d instanceof Map<?, ?> m && m.get("causes") instanceof List<?> causes) {
            for (Object c : causes) {
                if (c instanceof Map<?, ?> cause) {
                    Object field = cause.get("field");
                    details.add(cause.get("message") + (field == null ? "" : ": " + field));
                }
            }
        }
        String prefix = key == null ? "" : key.displayName() + ": ";
        return new TargetException(key, reason, prefix + e.getMessage(), details, e);
    }

    /** One watch subscription: a daemon thread draining its watches into the listener. */
    private static final class Subscription implements Runnable {
        private final List<Watch> watches;
        private final Consumer<ChangeEvent> listener;
        private final Thread thread;
        private volatile boolean open = true;

        Subscription(List<Watch> watches, Consumer<ChangeEvent> listener) {
            this.watches = watches;
            this.listener = listener;
            this.thread = new Thread(this, "fakekube-target-watch");
            this.thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        @Override
        public void run() {
            try {
                while (open) {
                    boolean any = false;
                    for (Watch w : watches) {
                        Optional<WatchEvent> e = w.next(Duration.ZERO);
                        if (e.isPresent()) {
                            any = true;
                            deliver(e.get());
                        }
                    }
                    if (!any && !watches.isEmpty()) {
                        Optional<WatchEvent> e = watches.get(0).next(Duration.ofMillis(watches.size() == 1 ? 200 : 5));
                        e.ifPresent(this::deliver);
                    } else if (watches.isEmpty()) {
                        Thread.sleep(200);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void deliver(WatchEvent event) {
            ChangeEvent.Type type = switch (event.type()) {
                case ADDED -> ChangeEvent.Type.ADDED;
                case MODIFIED -> ChangeEvent.Type.MODIFIED;
                case DELETED -> ChangeEvent.Type.DELETED;
                default -> null;
            };
            if (type == null || !open) {
                return;
            }
            try {
                listener.accept(new ChangeEvent(type, live(event.object())));
            } catch (RuntimeException ignored) {
                // a failing listener must not stop the subscription
            }
        }

        void close() {
            open = false;
            watches.forEach(Watch::close);
            thread.interrupt();
        }
    }
}
