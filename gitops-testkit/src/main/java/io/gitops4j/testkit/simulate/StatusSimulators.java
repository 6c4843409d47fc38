package io.gitops4j.testkit.simulate;

import io.gitops4j.testkit.FakeKube;
import io.gitops4j.testkit.kube.FakeKubeException;
import io.gitops4j.testkit.kube.ListOptions;
import io.gitops4j.testkit.kube.ResourceType;
import io.gitops4j.testkit.kube.WatchEvent;
import io.gitops4j.testkit.kube.WriteObserver;
import io.gitops4j.testkit.kube.WriteOptions;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Controllers for a {@link FakeKube}, kwok-style: they watch committed writes and fill in {@code status} the way
 * the real controllers do, so health checks can go green, stay progressing, or fail on purpose.
 *
 * <pre>{@code
 * try (var sim = StatusSimulators.start(kube, SimulatorSettings.defaults().withDelay(Duration.ofMillis(200)))) {
 *     sim.behave("Deployment", "shop", "web", Behaviour.FAIL);   // ProgressDeadlineExceeded after the delay
 *     ... apply objects ...
 *     sim.awaitIdle(Duration.ofSeconds(5));
 * }
 * }</pre>
 *
 * <p>Each object goes through two steps: <em>started</em> as soon as the simulator sees a new generation (for a
 * Deployment: observedGeneration, Progressing), then <em>finished</em> after {@link SimulatorSettings#delay()}
 * (Available) — or never ({@link Behaviour#HANG}), or failed ({@link Behaviour#FAIL}). Writes go through
 * {@code /status} with the field manager {@code kube-controller-manager}, so they bump resourceVersion but never
 * generation, and they show in watches. Objects that exist when the simulators start are picked up too.
 *
 * <p>Thread-safe. One daemon thread does all writes, in order; {@link #close()} stops it and detaches from the fake.
 */
public final class StatusSimulators implements AutoCloseable {
    private static final WriteOptions AS_CONTROLLER = WriteOptions.defaults().withFieldManager("kube-controller-manager");

    private final FakeKube kube;
    private final SimulatorSettings settings;
    private final List<StatusRule> rules;
    private final ScheduledThreadPoolExecutor executor;
    private final WriteObserver observer = this::written;
    private final Map<String, Behaviour> behaviours = new ConcurrentHashMap<>();
    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    private final AtomicInteger busy = new AtomicInteger();
    private volatile boolean closed;

    private StatusSimulators(FakeKube kube, SimulatorSettings settings) {
        this.kube = Objects.requireNonNull(kube, "kube");
        this.settings = Objects.requireNonNull(settings, "settings");
        List<StatusRule> all = List.of(new DeploymentStatus(), new StatefulSetStatus(),
                new DaemonSetStatus(settings.nodes()), new ReplicaSetStatus(), new JobStatus(), new ClaimStatus(),
                new LoadBalancerStatus());
        this.rules = all.stream().filter(r -> settings.isEnabled(r.simulation())).toList();
        this.executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "gitops4j-status-simulator");
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
    }

    /** Starts every simulation with no delay. */
    public static StatusSimulators start(FakeKube kube) {
        return start(kube, SimulatorSettings.defaults());
    }

    /** Starts the simulations of {@code settings} on {@code kube}, picking up objects that already exist. */
    public static StatusSimulators start(FakeKube kube, SimulatorSettings settings) {
        StatusSimulators s = new StatusSimulators(kube, settings);
        kube.addObserver(s.observer);
        s.scanExisting();
        return s;
    }

    /** The settings in force. */
    public SimulatorSettings settings() {
        return settings;
    }

    /**
     * Sets what happens to one object ({@code kind} as in the manifest, e.g. {@code Deployment}); applies to its
     * next generation, and at once to an object currently started but not finished (so {@code COMPLETE} releases a
     * hung rollout and {@code FAIL} fails it now).
     */
    public StatusSimulators behave(String kind, String namespace, String name, Behaviour behaviour) {
        behaviours.put(key(kind, namespace, name), Objects.requireNonNull(behaviour, "behaviour"));
        for (StatusRule rule : rules) {
            if (rule.kind().equals(kind)) {
                findType(rule).ifPresent(type -> submit(() -> finishIfStarted(rule, type, namespace, name)));
            }
        }
        return this;
    }

    /** Shorthand for {@code behave(kind, namespace, name, Behaviour.HANG)}. */
    public StatusSimulators hang(String kind, String namespace, String name) {
        return behave(kind, namespace, name, Behaviour.HANG);
    }

    /** Shorthand for {@code behave(kind, namespace, name, Behaviour.FAIL)}. */
    public StatusSimulators fail(String kind, String namespace, String name) {
        return behave(kind, namespace, name, Behaviour.FAIL);
    }

    /**
     * Waits until no simulated step is queued or running (delayed steps included; hung objects do not count).
     *
     * @return false when {@code timeout} passed first
     */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (busy.get() > 0) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }

    /** Detaches from the fake and stops the simulator thread; pending steps are dropped. Idempotent. */
    @Override
    public void close() {
        closed = true;
        kube.removeObserver(observer);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        busy.set(0);
    }

    private void scanExisting() {
        for (StatusRule rule : rules) {
            findType(rule).ifPresent(type -> {
                for (Object item : kube.list(type, "", ListOptions.defaults()).items()) {
                    if (item instanceof Map<?, ?>) {
                        @SuppressWarnings("unchecked")
                        Map<String, Object> object = (Map<String, Object>) item;
                        consider(rule, type, object);
                    }
                }
            });
        }
    }

    private Optional<ResourceType> findType(StatusRule rule) {
        String apiVersion = rule.group().isEmpty() ? "v1" : rule.group() + "/v1";
        return kube.registry().findKind(apiVersion, rule.kind());
    }

    private void written(ResourceType type, WatchEvent event) {
        if (closed) {
            return;
        }
        for (StatusRule rule : rules) {
            if (rule.group().equals(type.group()) && rule.kind().equals(type.kind())) {
                if (event.type() == WatchEvent.Type.DELETED) {
                    String uid = Fields.string(event.object(), "metadata", "uid");
                    seen.removeIf(token -> token.startsWith(uid + "@"));
                } else if (event.type() == WatchEvent.Type.ADDED || event.type() == WatchEvent.Type.MODIFIED) {
                    consider(rule, type, event.object());
                }
            }
        }
    }

    /** Starts the controller's work on a new generation, once per (uid, generation). */
    private void consider(StatusRule rule, ResourceType type, Map<String, Object> object) {
        if (Fields.value(object, "metadata", "deletionTimestamp") != null || !rule.pending(object)) {
            return;
        }
        String token = Fields.string(object, "metadata", "uid") + "@" + Fields.generation(object);
        if (!seen.add(token)) {
            return;
        }
        String namespace = Fields.string(object, "metadata", "namespace");
        String name = Fields.name(object);
        long generation = Fields.generation(object);
        submit(() -> {
            Optional<Map<String, Object>> now = writeStatus(type, namespace, name, generation,
                    o -> rule.started(o, timestamp()));
            if (now.isEmpty()) {
                return;
            }
            Behaviour behaviour = behaviours.getOrDefault(key(rule.kind(), namespace, name), Behaviour.COMPLETE);
            if (behaviour != Behaviour.HANG) {
                schedule(() -> writeStatus(type, namespace, name, generation,
                        o -> rule.finished(o, currentBehaviour(rule, namespace, name) == Behaviour.FAIL,
                                timestamp())));
            }
        });
    }

    private Behaviour currentBehaviour(StatusRule rule, String namespace, String name) {
        return behaviours.getOrDefault(key(rule.kind(), namespace, name), Behaviour.COMPLETE);
    }

    /** After {@link #behave}: finish (or fail) an object whose current generation was started. */
    private void finishIfStarted(StatusRule rule, ResourceType type, String namespace, String name) {
        Map<String, Object> object;
        try {
            object = kube.get(type, namespace, name);
        } catch (FakeKubeException e) {
            return;
        }
        long generation = Fields.generation(object);
        String token = Fields.string(object, "metadata", "uid") + "@" + generation;
        Behaviour behaviour = currentBehaviour(rule, namespace, name);
        if (seen.contains(token) && behaviour != Behaviour.HANG) {
            writeStatus(type, namespace, name, generation,
                    o -> rule.finished(o, behaviour == Behaviour.FAIL, timestamp()));
        }
    }

    /**
     * Reads the object, computes its new status and writes it through {@code /status}, retrying on conflicts.
     *
     * @return the object as read, or empty when it is gone or has moved to another generation
     */
    private Optional<Map<String, Object>> writeStatus(ResourceType type, String namespace, String name,
                                                      long generation,
                                                      Function<Map<String, Object>, Optional<Map<String, Object>>> next) {
        for (int attempt = 0; attempt < 10 && !closed; attempt++) {
            Map<String, Object> object;
            try {
                object = kube.get(type, namespace, name);
            } catch (FakeKubeException e) {
                return Optional.empty();
            }
            if (Fields.generation(object) != generation || Fields.value(object, "metadata", "deletionTimestamp") != null) {
                return Optional.empty();
            }
            Optional<Map<String, Object>> status = next.apply(object);
            if (status.isEmpty() || status.get().equals(object.get("status"))) {
                return Optional.of(object);
            }
            object.put("status", status.get());
            try {
                kube.update(type, namespace, name, "status", object, AS_CONTROLLER);
                return Optional.of(object);
            } catch (FakeKubeException e) {
                if (e.code() != 409) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    private void submit(Runnable step) {
        run(step, 0);
    }

    private void schedule(Runnable step) {
        run(step, settings.delay().toNanos());
    }

    private void run(Runnable step, long delayNanos) {
        if (closed) {
            return;
        }
        busy.incrementAndGet();
        try {
            executor.schedule(() -> {
                try {
                    step.run();
                } catch (RuntimeException e) {
                    // a step must never kill the simulator thread; the object keeps its last status
                } finally {
                    busy.decrementAndGet();
                }
            }, delayNanos, TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            busy.decrementAndGet();
        }
    }

    private String timestamp() {
        return settings.clock().instant().truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static String key(String kind, String namespace, String name) {
        return kind + "/" + (namespace == null ? "" : namespace) + "/" + name;
    }

    /** The kinds simulated, for messages and docs ({@code apps/Deployment}, …). */
    public List<String> simulatedKinds() {
        List<String> out = new ArrayList<>();
        rules.forEach(r -> out.add(r.group().isEmpty() ? r.kind() : r.group() + "/" + r.kind()));
        return out;
    }
}
