package io.gitops4j.testkit.engine;

import io.gitops4j.api.Application;
import io.gitops4j.api.ReconcileListener;
import io.gitops4j.api.ReconcileResult;
import io.gitops4j.api.SyncPolicy;
import io.gitops4j.api.render.PlainYamlOptions;
import io.gitops4j.api.render.RenderSpec;
import io.gitops4j.api.source.SourceSpec;
import io.gitops4j.api.target.Target;
import io.gitops4j.testkit.FakeKube;
import io.gitops4j.testkit.kube.WriteOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * Several Applications reconciled into one {@link FakeKube}: each is a directory of ConfigMaps under a root, rendered
 * into a namespace of its own name (created here, as an administrator would). A {@link #recorder()} keeps every
 * result by Application, with the {@link System#nanoTime()} it arrived at. Thread-safe.
 */
final class Fleet implements AutoCloseable {
    /** A result and when it arrived. */
    record Received(ReconcileResult result, long nanos) {}

    final FakeKube kube = FakeKube.create();
    private final Target target = kube.asTarget();
    private final Path root;
    private final Map<String, List<Received>> received = new ConcurrentHashMap<>();

    Fleet(Path root) {
        this.root = root;
    }

    /** The target all reconcilers of the fleet write to (it keeps the inventories). */
    Target target() {
        return target;
    }

    /**
     * An Application {@code name} of {@code objects} ConfigMaps, plain YAML, in namespace {@code name} (created
     * now: call once per name).
     */
    Application app(String name, int objects, SyncPolicy policy) {
        return app(name, objects, policy, RenderSpec.plainYaml());
    }

    /** As {@link #app(String, int, SyncPolicy)}, rendered by the renderer named {@code renderer}. */
    Application app(String name, int objects, SyncPolicy policy, String renderer) {
        return app(name, objects, policy, RenderSpec.plainYaml().withRenderer(renderer, PlainYamlOptions.defaults()));
    }

    private Application app(String name, int objects, SyncPolicy policy, RenderSpec render) {
        Path dir = root.resolve(name);
        try {
            Files.createDirectories(dir);
            StringBuilder yaml = new StringBuilder();
            for (int i = 0; i < objects; i++) {
                yaml.append("---\n").append(EngineFixture.configMap("cm-" + i, name));
            }
            Files.writeString(dir.resolve("objects.yaml"), yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        kube.create(kube.type("", "v1", "namespaces"), "", Map.of("apiVersion", "v1", "kind", "Namespace",
                "metadata", Map.of("name", name)), WriteOptions.defaults());
        return Application.builder(name).source(SourceSpec.local(dir)).renderer(render).targetNamespace(name)
                .syncPolicy(policy).build();
    }

    /** A listener recording every result. */
    ReconcileListener recorder() {
        return r -> received.computeIfAbsent(r.application(), a -> new CopyOnWriteArrayList<>())
                .add(new Received(r, System.nanoTime()));
    }

    /** The results of {@code app} received so far, oldest first. */
    List<Received> received(String app) {
        return List.copyOf(received.getOrDefault(app, List.of()));
    }

    /**
     * Polls until {@code app} received {@code count} results that satisfy {@code which}; @return those, oldest first
     *
     * @throws AssertionError naming what arrived when the deadline passes first
     */
    List<Received> await(String app, int count, Predicate<ReconcileResult> which, Duration deadline)
            throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        while (true) {
            List<Received> matching = received(app).stream().filter(r -> which.test(r.result())).toList();
            if (matching.size() >= count) {
                return matching.subList(0, count);
            }
            if (System.nanoTime() - end > 0) {
                throw new AssertionError(app + ": after " + deadline + " only " + matching.size() + " of " + count
                        + " wanted results; received: " + received(app).stream().map(r -> r.result().outcome()
                        + r.result().error().map(e -> " (" + e + ")").orElse("")).toList());
            }
            Thread.sleep(10);
        }
    }

    @Override
    public void close() {
        target.close();
    }
}
