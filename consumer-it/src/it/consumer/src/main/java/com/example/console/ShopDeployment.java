package com.example.console;

import io.gitops4j.api.Application;
import io.gitops4j.api.ReconcileListener;
import io.gitops4j.api.ReconcileResult;
import io.gitops4j.api.Reconciler;
import io.gitops4j.api.SyncPolicy;
import io.gitops4j.api.plan.Plan;
import io.gitops4j.api.render.RenderSpec;
import io.gitops4j.api.source.Revision;
import io.gitops4j.api.source.SourceSpec;
import io.gitops4j.api.target.Target;
import io.gitops4j.core.GitOps;
import io.gitops4j.core.render.Renderers;
import java.util.concurrent.TimeUnit;

/** Keeps the shop's namespace equal to the overlays/prod directory of its deploy repository. */
public final class ShopDeployment implements AutoCloseable {
    private final Reconciler reconciler;

    public ShopDeployment(Target cluster, String repositoryUrl, ReconcileListener report) {
        reconciler = GitOps.reconciler()                // comes with a Git source for https, ssh and git URLs
                .target(cluster)                        // your cluster's Target, or FakeKube.asTarget() in tests
                .renderers(Renderers.plainYaml())
                .build();
        reconciler.addListener(report);
        reconciler.register(Application.builder("shop")
                .source(SourceSpec.git(repositoryUrl, "main", "overlays/prod"))
                .renderer(RenderSpec.plainYaml())
                .targetNamespace("shop")
                .syncPolicy(SyncPolicy.automated())     // every 3 minutes; prunes, but holds large prunes
                .build());
    }

    /** What a reconcile of another branch would change; writes nothing. */
    public Plan preview(String branch) {
        return reconciler.plan("shop", Revision.ref("refs/heads/" + branch));
    }

    /** Reconciles now and waits for the result. */
    public ReconcileResult deployNow() throws Exception {
        return reconciler.reconcileNow("shop").get(2, TimeUnit.MINUTES);
    }

    @Override
    public void close() {
        reconciler.close();                             // also deletes the Git source's mirror directory
    }
}
