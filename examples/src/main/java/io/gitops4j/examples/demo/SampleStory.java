package io.gitops4j.examples.demo;

import java.util.ArrayList;
import java.util.List;

/**
 * The demo's story on the bundled sample, one commit (or one live edit) per scene: first sync of dev and prod → prod
 * scaled and reconfigured → an object removed from prod (pruned) → someone edits prod's Deployment through the API
 * (drift seen on the watch, explained by field manager, corrected) → broken YAML in dev (FAILED, nothing written) →
 * dev emptied (BLOCKED by the empty-render guard, nothing deleted) → a rollback: both pinned to the first release's
 * commit. Not thread-safe.
 */
final class SampleStory {
    /** The Applications, one per environment. */
    static final String DEV = "shop-dev";
    static final String PROD = "shop-prod";
    private static final int SCENES = 7;

    private final SampleRepository repo;
    private final Passes passes;
    private final SomeoneElse someone;
    private final StoryOutput out;
    private final String prodNamespace;

    SampleStory(SampleRepository repo, Passes passes, SomeoneElse someone, StoryOutput out, String prodNamespace) {
        this.repo = repo;
        this.passes = passes;
        this.someone = someone;
        this.out = out;
        this.prodNamespace = prodNamespace;
    }

    /** Tells the story. @return its steps, in order */
    List<Demo.Step> tell() throws Exception {
        List<Demo.Step> steps = new ArrayList<>();
        String first = repo.commit("Console: the shop in dev and prod");
        heading(1, "first sync: commit " + shortId(first) + " puts the shop in dev and prod");
        steps.add(passes.reconcile(Demo.Scene.FIRST_SYNC, DEV, PROD));

        repo.replace("environments/prod/web.yaml", "replicas: 2", "replicas: 4");
        repo.replace("environments/prod/settings.yaml", "THEME: \"green\"", "THEME: \"autumn\"");
        heading(2, "commit " + shortId(repo.commit("prod: scale web to 4, autumn theme"))
                + " scales prod's web to 4 replicas and changes its theme");
        steps.add(passes.reconcile(Demo.Scene.RECONFIGURE, PROD));

        repo.delete("environments/prod/flags.yaml");
        repo.replace("overlays/prod/kustomization.yaml", "  - ../../environments/prod/flags.yaml\n", "");
        heading(3, "commit " + shortId(repo.commit("prod: drop the feature flags"))
                + " removes prod's feature-flags ConfigMap: it is pruned");
        steps.add(passes.reconcile(Demo.Scene.REMOVE, PROD));

        heading(4, "someone runs kubectl edit on prod's Deployment web and sets replicas to 1");
        out.note("no commit: the engine sees the change on its watch and starts a pass by itself (drift mode CORRECT)");
        steps.add(passes.afterDrift(Demo.Scene.LIVE_EDIT, PROD,
                () -> someone.editReplicas(prodNamespace, "web", 1)));

        repo.replace("environments/dev/web.yaml", "replicas: 1", "replicas: [1");
        heading(5, "commit " + shortId(repo.commit("dev: one more replica (typo)"))
                + " has broken YAML in dev: the pass fails before writing anything");
        steps.add(passes.reconcile(Demo.Scene.BROKEN_YAML, DEV));

        for (String f : List.of("web.yaml", "service.yaml", "settings.yaml", "flags.yaml")) {
            repo.delete("environments/dev/" + f);
        }
        repo.write("environments/dev/README.md", "dev is retired.\n");
        repo.write("overlays/dev/kustomization.yaml", "apiVersion: kustomize.config.k8s.io/v1beta1\n"
                + "kind: Kustomization\nresources: []\n");
        heading(6, "commit " + shortId(repo.commit("dev: retire the environment"))
                + " empties dev: the guard blocks the pass, nothing is deleted");
        steps.add(passes.reconcile(Demo.Scene.EMPTIED, DEV));

        heading(7, "rollback: both environments pinned to " + shortId(first) + ", the first release");
        out.note("Reconciler.pin: every pass reconciles the pinned commit until unpin; Git is left as it is");
        steps.add(passes.pin(Demo.Scene.ROLLBACK, steps.get(0).result(PROD).revision().orElseThrow(),
                "back to the first release", DEV, PROD));
        return steps;
    }

    private void heading(int scene, String text) {
        out.heading(scene + "/" + SCENES + " " + text);
    }

    static String shortId(String commit) {
        return commit.substring(0, 7);
    }
}
