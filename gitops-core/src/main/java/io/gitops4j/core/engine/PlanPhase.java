package io.gitops4j.core.engine;

import io.gitops4j.api.Application;
import io.gitops4j.api.ReconcileFailure.Phase;
import io.gitops4j.api.render.HelmOptions;
import io.gitops4j.api.render.RenderSpec;
import io.gitops4j.api.resource.ManifestSet;
import io.gitops4j.api.source.Ref;
import io.gitops4j.api.source.Revision;
import io.gitops4j.api.source.Snapshot;
import io.gitops4j.api.source.SnapshotPaths;
import io.gitops4j.api.source.Source;
import io.gitops4j.api.source.SourceSpec;
import io.gitops4j.core.coordination.Fence;
import io.gitops4j.core.plan.DesiredState;
import io.gitops4j.core.plan.Planned;
import io.gitops4j.core.plan.Planner;
import io.gitops4j.core.plan.Scopes;
import io.gitops4j.core.render.RenderPolicyCheck;
import io.gitops4j.core.render.RendererDetection;
import java.time.Duration;
import java.util.Map;

/**
 * The reading half of a pass: resolve → snapshot → render (Helm for the cluster's Kubernetes version) → policy check
 * (RD-16) → desired state → inventory (read once, rebuilt when unreadable: PR-10) → plan. Reads the cluster only
 * through the target's view; writes nothing. Thread-safe (stateless but for the parts).
 */
final class PlanPhase {
    /** A plan and what writing it needs: the pass's context, and the inventory as read with its writer. */
    record Output(Planned planned, PassContext pass, InventoryWrites inventory, InventoryWrites.Loaded loaded) {}

    private final EngineParts parts;

    PlanPhase(EngineParts parts) {
        this.parts = parts;
    }

    /**
     * Resolving and opening the snapshot run within the resolve timeout, planning within the plan timeout (the
     * render within its renderer's own); before each phase is a safe point ({@link PassControl}).
     *
     * @param revision a resolved revision, or a ref to resolve first
     * @param fence what the pass's writes check first ({@link Fence#open()} for a preview, which writes nothing)
     * @throws io.gitops4j.api.GitOpsException when the source, the render or the policy check fails, or the
     *     inventory or the view cannot be read ({@link PassFailedException} for the inventory, for a phase that ran
     *     out of time and for a pass stopped at a safe point)
     */
    Output plan(Application app, Revision revision, boolean confirmedPrunes, Map<String, Duration> phases,
            Fence fence, PassControl control) {
        SourceSpec spec = app.source();
        Source source = parts.sourceFor(spec);
        Revision resolved = revision.isResolved() ? revision : Phases.timed(phases, "resolve",
                () -> control.within(Phase.SOURCE, () -> source.resolve(spec.withRef(Ref.parse(revision.ref())))));
        control.check(Phase.SOURCE);
        record Rendered(ManifestSet set, boolean helm) {}
        Rendered output;
        try (Snapshot snapshot = Phases.timed(phases, "snapshot",
                () -> control.within(Phase.SOURCE, () -> source.open(spec, resolved)))) {
            control.check(Phase.RENDER);
            RenderSpec asked = app.render().withPath(SnapshotPaths.resolve(spec.path(), app.render().path()));
            output = Phases.timed(phases, "render", () -> {
                // auto is resolved per pass; Helm gets the cluster's version
                RenderSpec render = forCluster(RendererDetection.resolve(snapshot, asked, app.name()));
                return new Rendered(parts.renderer(render.renderer()).render(snapshot, render),
                        render.renderer().equals(RenderSpec.HELM));
            });
            RenderPolicyCheck.check(output.set(), app.policy(), app.targetNamespace());
        }
        ManifestSet rendered = output.set();
        boolean helm = output.helm();   // Helm's hook annotations count on what Helm rendered
        control.check(Phase.PLAN);
        PassContext pass = PassContext.of(parts, app, rendered.size(), control, fence);
        Output out = Phases.timed(phases, "plan", () -> control.within(Phase.PLAN, () -> {
            Scopes scopes = Scopes.of(pass.view(), rendered);
            DesiredState desired = DesiredState.of(app, rendered, scopes, pass.view(), helm);
            InventoryWrites inventory = new InventoryWrites(app.name(), parts.target().inventories(), pass.view(),
                    pass.retry());
            InventoryWrites.Loaded loaded = inventory.read();
            Planned planned = new Planner(parts.applyOptions().fieldManager()).plan(app, resolved, desired,
                    loaded.inventory(), pass.view(), scopes, confirmedPrunes);
            return new Output(planned, pass, inventory, loaded);
        }));
        control.check(Phase.PLAN);
        return out;
    }

    /**
     * Helm renders for the Kubernetes version of the Application's cluster when its options set none and the
     * target knows one (else the renderer's newest supported version); the version is part of the options, so of
     * the render cache's key.
     */
    private RenderSpec forCluster(RenderSpec spec) {
        if (spec.options() instanceof HelmOptions helm && helm.kubeVersion().isEmpty()) {
            return parts.target().view().serverVersion()
                    .map(v -> spec.withOptions(helm.withKubeVersion(v.gitVersion()))).orElse(spec);
        }
        return spec;
    }
}
