package io.gitops4j.testkit.engine;

import io.gitops4j.api.Application;
import io.gitops4j.api.ReconcileResult;
import io.gitops4j.api.Reconciler;
import io.gitops4j.api.SyncPolicy;
import io.gitops4j.api.source.SourceSpec;
import io.gitops4j.api.target.Inventory;
import io.gitops4j.api.target.StoredInventory;
import io.gitops4j.api.target.Target;
import io.gitops4j.core.GitOps;
import io.gitops4j.core.engine.ReconcilerBuilder;
import io.gitops4j.core.render.Renderers;
import io.gitops4j.testkit.FakeKube;
import io.gitops4j.testkit.kube.WriteOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * One Application, {@value #APP}, reconciled from a directory of YAML files into a {@link FakeKube}, through the
 * public API only ({@code GitOps.reconciler()}, {@link Reconciler}, {@link ReconcileResult}). Records every result a
 * listener receives (with the {@link System#nanoTime()} it arrived at) and every change the fake commits, in order.
 *
 * <p>The namespace {@code shop} exists from the start, as a cluster administrator made it. The target is {@link EngineTargets#over} (by default {@code kube.asTarget()}), created once: it keeps the inventories, so a second reconciler built on
 * {@link #target()} sees the first one's inventory, as a restarted host sees the cluster's. Not thread-safe, except
 * for the recording, which the engine's threads feed.
 */
final class EngineFixture implements AutoCloseable {
    static final String APP = "app";

    /** A result as a listener received it, and when ({@link System#nanoTime()}). */
    record Received(ReconcileResult result, long nanos) {}

    final FakeKube kube;
    private final Path repo;
    private final Target target;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<String> commits = new CopyOnWriteArrayList<>();
    private final List<Reconciler> reconcilers = new ArrayList<>();

    EngineFixture(Path repo) {
        this(repo, FakeKube.create());
    }

    EngineFixture(Path repo, FakeKube kube) {
        this.repo = repo;
        this.kube = kube;
        this.target = EngineTargets.over(kube);
        kube.create(kube.type("", "v1", "namespaces"), "", Map.of("apiVersion", "v1", "kind", "Namespace",
                "metadata", Map.of("name", "shop")), WriteOptions.defaults());
        kube.addObserver((type, event) -> {
            if (isInventory(event.object())) {
                return;
            }
            Map<?, ?> metadata = (Map<?, ?>) event.object().get("metadata");
            Object namespace = metadata.get("namespace");
            commits.add(event.type() + " " + event.object().get("kind") + " "
                    + (namespace == null ? "" : namespace + "/") + metadata.get("name"));
        });
    }

    /** The target every reconciler of this fixture writes to unless given another (it holds the inventory). */
    Target target() {
        return target;
    }

    /** Starts a reconciler on {@link #target()} with {@value #APP} registered under {@code policy}. */
    Reconciler start(SyncPolicy policy) {
        return start(target, policy);
    }

    /** Starts a reconciler on {@code via} (e.g. {@link #target()} behind fault rules) with {@value #APP} registered. */
    Reconciler start(Target via, SyncPolicy policy) {
        return start(via, policy, b -> b);
    }

    /** Starts a reconciler on {@link #target()}, its builder adjusted by {@code options}, with {@value #APP}. */
    Reconciler start(SyncPolicy policy, UnaryOperator<ReconcilerBuilder> options) {
        return start(target, policy, options);
    }

    /** Starts a reconciler on {@code via}, its builder adjusted by {@code options}, with {@value #APP}. */
    Reconciler start(Target via, SyncPolicy policy, UnaryOperator<ReconcilerBuilder> options) {
        Reconciler reconciler = options.apply(GitOps.reconciler().target(via).renderers(Renderers.plainYaml())).build();
        reconcilers.add(reconciler);
        reconciler.addListener(result -> received.add(new Received(result, System.nanoTime())));
        reconciler.register(application(policy));
        return reconciler;
    }

    /** {@value #APP} as {@link #start} registers it: the repository directory, into namespace {@code shop}. */
    Application application(SyncPolicy policy) {
        return Application.builder(APP).source(SourceSpec.local(repo)).targetNamespace("shop").syncPolicy(policy)
                .build();
    }

    void write(String file, String yaml) throws IOException {
        Files.writeString(repo.resolve(file), yaml);
    }

    void delete(String file) throws IOException {
        Files.delete(repo.resolve(file));
    }

    /** Every result received so far, oldest first. */
    List<Received> received() {
        return List.copyOf(received);
    }

    /**
     * @return true for a ConfigMap a target keeps an inventory in (label {@code gitops4j.io/inventory}, as the
     *     Kubernetes target stores them in the cluster): not one of the Application's objects
     */
    static boolean isInventory(Map<String, Object> object) {
        Object metadata = object.get("metadata");
        return metadata instanceof Map<?, ?> m && m.get("labels") instanceof Map<?, ?> labels
                && labels.containsKey("gitops4j.io/inventory");
    }

    /** Every change the fake committed so far to the Application's objects, oldest first, as {@code "ADDED ConfigMap shop/a"}. */
    List<String> commits() {
        return List.copyOf(commits);
    }

    /** Forgets the commits recorded so far. */
    void clearCommits() {
        commits.clear();
    }

    /** The inventory of {@value #APP} as the target stores it. */
    Inventory inventory() {
        return target.inventories().read(APP).map(StoredInventory::inventory).orElseThrow(() -> new AssertionError("no inventory stored"));
    }

    /** Reconciles {@value #APP} now on {@code reconciler} and waits for the result. */
    static ReconcileResult reconcile(Reconciler reconciler) throws Exception {
        return reconciler.reconcileNow(APP).get(30, TimeUnit.SECONDS);
    }

    /**
     * Polls until {@code count} received results satisfy {@code which}, then returns those, oldest first.
     *
     * @throws AssertionError naming what was received when the deadline passes first
     */
    List<Received> await(int count, Predicate<ReconcileResult> which, Duration deadline) throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        while (true) {
            List<Received> matching = received().stream().filter(r -> which.test(r.result())).toList();
            if (matching.size() >= count) {
                return matching.subList(0, count);
            }
            if (System.nanoTime() - end > 0) {
                throw new AssertionError("after " + deadline + " only " + matching.size() + " of " + count
                        + " wanted results; received: " + received().stream().map(r -> r.result().outcome()
                        + r.result().error().map(e -> " (" + e + ")").orElse("")).toList());
            }
            Thread.sleep(10);
        }
    }

    @Override
    public void close() {
        reconcilers.forEach(Reconciler::close);
        target.close();
    }

    /** A ConfigMap manifest with one data entry. */
    static String configMap(String name, String value) {
        return "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: " + name + "\ndata:\n  value: \"" + value + "\"\n";
    }
}
