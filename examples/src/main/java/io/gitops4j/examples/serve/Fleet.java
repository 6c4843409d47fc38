package io.gitops4j.examples.serve;

import io.gitops4j.api.ReconcileListener;
import io.gitops4j.api.Reconciler;
import io.gitops4j.api.target.Target;
import io.gitops4j.core.GitOps;
import io.gitops4j.core.git.GitSource;
import io.gitops4j.core.render.Renderers;
import io.gitops4j.examples.serve.config.AppsConfig;
import io.gitops4j.examples.serve.config.ClusterConfig;
import io.gitops4j.examples.serve.config.DeclaredApp;
import io.gitops4j.k8s.KubernetesTarget;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The library, wired as {@code apps.yaml} says: one Git source with the configured credentials, one
 * {@link KubernetesTarget} and one {@link Reconciler} per destination cluster, every Application registered with
 * the reconciler of its cluster. The reconcilers run on executors this class owns, so {@link #close(Duration)} can
 * give passes in flight a deadline.
 *
 * <p>Thread-safe after {@link #start}: the placements never change, and reconcilers are thread-safe.
 */
public final class Fleet implements AutoCloseable {
    /** How long a pass still running at the shutdown deadline gets to reach a safe point before it is interrupted. */
    static final Duration STOP_GRACE = Duration.ofSeconds(5);
    private static final Duration IDLE_CHECK = Duration.ofMillis(50);

    private static final int WORKERS_PER_CLUSTER = 4;

    /**
     * Where one Application runs.
     *
     * @param declared the Application as {@code apps.yaml} declares it
     * @param reconciler the reconciler of its cluster
     * @param target its cluster
     */
    public record Placement(DeclaredApp declared, Reconciler reconciler, Target target) {
        /** @return the Application's name */
        public String name() {
            return declared.name();
        }
    }

    private record Cluster(String name, Target target, Reconciler reconciler, ExecutorService workers,
            ScheduledExecutorService timers) {}

    private final GitSource git;
    private final List<Cluster> clusters;
    private final Map<String, Placement> placements;

    private Fleet(GitSource git, List<Cluster> clusters, Map<String, Placement> placements) {
        this.git = git;
        this.clusters = List.copyOf(clusters);
        this.placements = java.util.Collections.unmodifiableMap(new TreeMap<>(placements));
    }

    /**
     * Builds the Git source, a target and a reconciler per cluster, and registers every Application (automated
     * ones start their schedule).
     *
     * @param config the validated {@code apps.yaml}
     * @param kubeconfig the kubeconfig of the {@code default} cluster; empty to use the Pod's ServiceAccount
     * @param environment the process environment, where secrets named by {@code …Env} are read
     * @return the running fleet
     * @throws IllegalStateException when a secret cannot be read (the message names the variable or file)
     * @throws io.gitops4j.api.GitOpsException when a cluster cannot be reached or an Application is refused
     */
    public static Fleet start(AppsConfig config, Optional<Path> kubeconfig, Function<String, String> environment) {
        ConfiguredCredentials credentials = new ConfiguredCredentials(config.credentials(), environment);
        credentials.check();
        GitSource git = GitSource.builder().credentials(credentials)
                .allowCredentialsOverPlainHttp(config.allowCredentialsOverPlainHttp()).build();
        List<Cluster> clusters = new ArrayList<>();
        Map<String, Placement> placements = new TreeMap<>();
        try {
            Map<String, Cluster> byName = new LinkedHashMap<>();
            for (DeclaredApp app : config.applications()) {
                Cluster c = byName.get(app.cluster());
                if (c == null) {
                    c = cluster(app.cluster(), config, kubeconfig, git);
                    byName.put(app.cluster(), c);
                    clusters.add(c);
                }
                c.reconciler().register(app.application());
                placements.put(app.name(), new Placement(app, c.reconciler(), c.target()));
            }
        } catch (RuntimeException e) {
            new Fleet(git, clusters, placements).close(Duration.ofSeconds(5));
            throw e;
        }
        return new Fleet(git, clusters, placements);
    }

    private static Cluster cluster(String name, AppsConfig config, Optional<Path> kubeconfig, GitSource git) {
        var builder = KubernetesTarget.builder();
        ClusterConfig declared = config.clusters().get(name);
        if (declared != null) {
            builder.kubeconfig(declared.kubeconfig(), declared.context().isEmpty() ? null : declared.context());
        } else if (kubeconfig.isPresent()) {
            builder.kubeconfig(kubeconfig.get());
        } else {
            builder.inCluster();
        }
        Target target = builder.build();
        ExecutorService workers = Executors.newFixedThreadPool(WORKERS_PER_CLUSTER, named("serve-" + name));
        ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(named("serve-timer-" + name));
        Reconciler reconciler = GitOps.reconciler().source(git).target(target).executors(workers, timers)
                .closeTimeout(STOP_GRACE).renderers(Renderers.plainYaml(), Renderers.kustomize(), Renderers.helm()).build();
        return new Cluster(name, target, reconciler, workers, timers);
    }

    /** @return every Application's placement, sorted by name */
    public Collection<Placement> placements() {
        return placements.values();
    }

    /** @return where the named Application runs, or empty when {@code apps.yaml} declares no such Application */
    public Optional<Placement> find(String application) {
        return Optional.ofNullable(placements.get(application));
    }

    /** Adds a listener to every reconciler. */
    public void addListener(ReconcileListener listener) {
        clusters.forEach(c -> c.reconciler().addListener(listener));
    }

    /**
     * Passes a verified push to every reconciler ({@link Reconciler#onPush}).
     *
     * @return the Applications triggered, sorted
     */
    public List<String> onPush(String repositoryUrl, String ref) {
        TreeSet<String> triggered = new TreeSet<>();
        clusters.forEach(c -> triggered.addAll(c.reconciler().onPush(repositoryUrl, ref)));
        return List.copyOf(triggered);
    }

    /** @return how many passes are in flight now */
    public int inFlight() {
        return (int) placements.values().stream().filter(p -> p.reconciler().status(p.name()).reconciling())
                .count();
    }

    /**
     * Lets passes in flight finish until the deadline (the HTTP server is closed first, so no request starts one),
     * then closes the reconcilers: a pass still running stops at the engine's next safe point, or is interrupted
     * after {@link #STOP_GRACE}; then closes the executors, the targets and the Git source. Blocks at most the
     * deadline plus twice the grace. Idempotent.
     *
     * @return true when no pass was in flight any more at the deadline
     */
    public boolean close(Duration deadline) {
        long end = System.nanoTime() + deadline.toNanos();
        boolean finished = inFlight() == 0;
        while (!finished && System.nanoTime() - end < 0) {
            try {
                Thread.sleep(IDLE_CHECK.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            finished = inFlight() == 0;
        }
        clusters.forEach(c -> c.reconciler().close());
        clusters.forEach(c -> {
            c.timers().shutdownNow();
            c.workers().shutdown();
        });
        long grace = System.nanoTime() + STOP_GRACE.toNanos();
        for (Cluster c : clusters) {
            if (!awaitUntil(c.workers(), grace)) {
                c.workers().shutdownNow();
            }
        }
        clusters.forEach(c -> c.target().close());
        git.close();
        return finished;
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(30));
    }

    private static boolean awaitUntil(ExecutorService executor, long endNanos) {
        try {
            return executor.awaitTermination(Math.max(0, endNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return executor.isTerminated();
        }
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
