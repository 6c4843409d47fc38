package io.gitops4j.core.metrics;

import io.gitops4j.api.Application;
import io.gitops4j.api.ReconcileListener;
import io.gitops4j.api.ReconcileResult;
import io.gitops4j.api.Reconciler;
import io.gitops4j.api.SyncPolicy;
import io.gitops4j.api.progress.ObjectWritten;
import io.gitops4j.api.source.SourceSpec;
import io.gitops4j.core.GitOps;
import io.gitops4j.core.render.Renderers;
import io.gitops4j.core.target.InMemoryTarget;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** One reconcile of a directory into an in-memory target, for {@link NoMicrometerTest}'s class loader. */
public final class OnePass {
    private OnePass() {}

    /** @return the outcome, the objects written and whether progress events arrived */
    public static String run(Path dir) throws Exception {
        AtomicInteger told = new AtomicInteger();
        try (Reconciler reconciler = GitOps.reconciler().target(InMemoryTarget.create())
                .renderers(Renderers.plainYaml()).build()) {
            reconciler.addListener(ReconcileListener.progress(e -> {
                if (e instanceof ObjectWritten) {
                    told.incrementAndGet();
                }
            }));
            reconciler.register(Application.builder("shop").source(SourceSpec.local(dir)).targetNamespace("shop")
                    .syncPolicy(SyncPolicy.manual().withInterval(Duration.ofHours(1))).build());
            ReconcileResult result = reconciler.reconcileNow("shop").get(30, TimeUnit.SECONDS);
            return result.outcome() + ", " + result.writes() + " written" + (told.get() == 1 ? ", progress told" : "");
        }
    }
}
