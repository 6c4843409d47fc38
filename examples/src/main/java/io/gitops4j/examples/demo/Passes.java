package io.gitops4j.examples.demo;

import io.gitops4j.api.Outcome;
import io.gitops4j.api.ReconcileResult;
import io.gitops4j.api.Reconciler;
import io.gitops4j.api.Trigger;
import io.gitops4j.api.deploy.PinOptions;
import io.gitops4j.api.health.Health;
import io.gitops4j.api.plan.Action;
import io.gitops4j.api.plan.Change;
import io.gitops4j.api.resource.ResourceKey;
import io.gitops4j.api.source.Revision;
import io.gitops4j.api.target.ClusterView;
import io.gitops4j.api.target.InventoryStore;
import io.gitops4j.api.target.Target;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The demo's view of the engine: runs passes (asked for, pinned, or started by the engine itself on drift), waits for the
 * objects of each to become healthy with live progress, prints them, and counts the API requests each step cost.
 * Everything goes through the public {@link Reconciler} API. Not thread-safe: one story drives it.
 */
final class Passes {
    /** How long a pass may take before the demo gives up on it. */
    static final Duration PASS_TIMEOUT = Duration.ofMinutes(3);
    /** How long the demo waits for the engine to notice a live edit and start its own pass. */
    static final Duration DRIFT_TIMEOUT = Duration.ofSeconds(30);

    private final Reconciler reconciler;
    private final ClusterView view;
    private final InventoryStore inventories;
    private final DemoCluster cluster;
    private final StoryOutput out;
    private final BlockingQueue<ReconcileResult> finished = new LinkedBlockingQueue<>();

    Passes(Reconciler reconciler, Target target, DemoCluster cluster, StoryOutput out) {
        this.reconciler = reconciler;
        this.view = target.view();
        this.inventories = target.inventories();
        this.cluster = cluster;
        this.out = out;
        reconciler.addListener(finished::add);
    }

    /** Reconciles each Application now, one after the other, and prints each pass. @return the step */
    Demo.Step reconcile(Demo.Scene scene, String... applications) throws Exception {
        long before = requestsSoFar();
        List<ReconcileResult> results = new ArrayList<>();
        for (String app : applications) {
            ReconcileResult r = reconciler.reconcileNow(app).get(PASS_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            results.add(r);
            show(r, before);
            before = requestsSoFar();
        }
        return new Demo.Step(scene, results);
    }

    /**
     * Pins each Application to {@code revision} (a rollback: {@link Reconciler#pin}) and prints the pass that deploys
     * it. @return the step
     */
    Demo.Step pin(Demo.Scene scene, Revision revision, String reason, String... applications) throws Exception {
        long before = requestsSoFar();
        List<ReconcileResult> results = new ArrayList<>();
        for (String app : applications) {
            ReconcileResult r = reconciler.pin(app, revision, PinOptions.defaults().withReason(reason))
                    .get(PASS_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            results.add(r);
            show(r, before);
            before = requestsSoFar();
        }
        return new Demo.Step(scene, results);
    }

    /**
     * Runs {@code change} (someone else's edit of a live object) and waits for the pass the engine starts by itself
     * for {@code application} when it sees the change on its watch. @return the step with that pass
     */
    Demo.Step afterDrift(Demo.Scene scene, String application, LiveChange change) throws Exception {
        finished.clear();
        long before = requestsSoFar();
        change.run();
        long deadline = System.nanoTime() + DRIFT_TIMEOUT.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            ReconcileResult r = finished.poll(Math.max(left, 0), TimeUnit.NANOSECONDS);
            if (r == null) {
                throw new TimeoutException("the engine started no pass for " + application + " within "
                        + DRIFT_TIMEOUT.toSeconds() + " s of the live edit");
            }
            if (r.application().equals(application) && r.trigger() == Trigger.DRIFT) {
                show(r, before);
                out.drift(r.drift());
                return new Demo.Step(scene, List.of(r));
            }
        }
    }

    /** @return the Application's passes, oldest first */
    List<ReconcileResult> history(String application) {
        List<ReconcileResult> oldestFirst = new ArrayList<>(reconciler.history(application));
        java.util.Collections.reverse(oldestFirst);
        return oldestFirst;
    }

    /** @return every request gitops4j sent so far */
    long requestsSoFar() {
        return cluster.requests().values().stream().mapToLong(Long::longValue).sum();
    }

    private void show(ReconcileResult r, long requestsBefore) throws Exception {
        List<ResourceKey> desired = r.changes().changes().stream()
                .filter(c -> c.action() != Action.PRUNE && c.action() != Action.SKIP)
                .map(Change::key).toList();
        if (r.outcome() == Outcome.SYNCED && r.writes() > 0) {
            long start = System.nanoTime();
            boolean[] waited = {false};
            Map<ResourceKey, Health> health = HealthProgress.await(view, desired, cluster.healthTimeout(), p -> {
                waited[0] = true;
                out.progress(p);
            });
            out.pass(r, health, requestsSoFar() - requestsBefore);
            long took = Duration.ofNanos(System.nanoTime() - start).toMillis();
            if (!HealthProgress.allSettled(health)) {
                out.note("not healthy " + took + " ms after the pass; the demo goes on without waiting longer");
            } else if (waited[0]) {
                out.note("healthy " + took + " ms after the pass (watched, not polled from the server)");
            }
            return;
        }
        out.pass(r, HealthProgress.now(view, desired), requestsSoFar() - requestsBefore);
        if (r.outcome() == Outcome.FAILED || r.outcome() == Outcome.BLOCKED) {
            int owned = inventories.read(r.application()).map(s -> s.inventory().size()).orElse(0);
            out.note("nothing written: the " + owned + " objects " + r.application() + " owns are as they were");
        }
    }

    /** Someone else's change to the cluster. */
    @FunctionalInterface
    interface LiveChange {
        void run() throws Exception;
    }
}
