package io.gitops4j.examples.demo;

import io.gitops4j.api.Application;
import io.gitops4j.api.DriftMode;
import io.gitops4j.api.Outcome;
import io.gitops4j.api.ReconcileResult;
import io.gitops4j.api.Reconciler;
import io.gitops4j.api.SyncPolicy;
import io.gitops4j.api.render.RenderException;
import io.gitops4j.api.render.RenderSpec;
import io.gitops4j.api.render.Renderer;
import io.gitops4j.api.source.SourceSpec;
import io.gitops4j.core.GitOps;
import io.gitops4j.core.git.GitSource;
import io.gitops4j.core.render.KustomizeTool;
import io.gitops4j.core.render.Renderers;
import io.gitops4j.k8s.KubernetesTarget;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The demo: Applications reconciled by the engine through {@link KubernetesTarget} over HTTP — the path a real
 * cluster takes — into a {@link DemoCluster}, telling a story ({@link SampleStory} on the bundled sample, or a sync
 * and a no-op pass of a repository the user names), then the history table and the API requests it all cost.
 * The demo creates the namespaces it writes to, as a platform team would ({@code BASE} for the inventories,
 * {@code BASE-dev} and {@code BASE-prod} for the sample's Applications); on a real cluster {@link #close()} removes
 * them. Not thread-safe: one demo at a time.
 */
public final class Demo implements AutoCloseable {
    /** The story's scenes, each with the outcome its passes must have. */
    public enum Scene {
        FIRST_SYNC(Outcome.SYNCED, false), RECONFIGURE(Outcome.SYNCED, false), REMOVE(Outcome.SYNCED, false),
        LIVE_EDIT(Outcome.SYNCED, false), BROKEN_YAML(Outcome.FAILED, true), EMPTIED(Outcome.BLOCKED, true),
        ROLLBACK(Outcome.SYNCED, false), REPOSITORY_SYNC(Outcome.SYNCED, false), REPOSITORY_AGAIN(Outcome.SYNCED, true);

        private final Outcome expected;
        private final boolean writesNothing;

        Scene(Outcome expected, boolean writesNothing) {
            this.expected = expected;
            this.writesNothing = writesNothing;
        }
    }

    /**
     * One scene and the passes it ran.
     *
     * @param scene the scene
     * @param results its passes, in order
     */
    public record Step(Scene scene, List<ReconcileResult> results) {
        /** Copies the list. */
        public Step {
            results = List.copyOf(results);
        }

        /** @return the pass of this Application in this step */
        public ReconcileResult result(String application) {
            return results.stream().filter(r -> r.application().equals(application)).findFirst().orElseThrow();
        }

        /** @return true when every pass has the scene's outcome (and wrote nothing when it must not) */
        public boolean asExpected() {
            return !results.isEmpty() && results.stream().allMatch(r -> r.outcome() == scene.expected
                    && (!scene.writesNothing || r.writes() == 0));
        }
    }

    /**
     * What the demo did.
     *
     * @param steps the story's steps
     * @param history every pass of every Application, oldest first per Application
     * @param requests the API requests gitops4j sent, by verb
     */
    public record Report(List<Step> steps, List<ReconcileResult> history, Map<String, Long> requests) {
        /** Copies the collections. */
        public Report {
            steps = List.copyOf(steps);
            history = List.copyOf(history);
            requests = Map.copyOf(requests);
        }

        /** @return true when every step went as the story says */
        public boolean succeeded() {
            return !steps.isEmpty() && steps.stream().allMatch(Step::asExpected);
        }
    }

    private final DemoCluster cluster;
    private final StoryOutput out;
    private final SomeoneElse someone;
    private final String namespace;
    private final Optional<SampleRepository> sample;
    private final List<Application> applications = new ArrayList<>();
    private final List<String> namespaces = new ArrayList<>();
    private final GitSource source;
    private final KubernetesTarget target;
    private final Reconciler reconciler;
    private final Passes passes;
    private final boolean kustomize;

    private Demo(DemoCluster cluster, String namespace, Optional<SampleRepository> sample, GitSource source,
            PrintStream out, boolean terminal) throws Exception {
        this.cluster = cluster;
        this.out = new StoryOutput(out, terminal);
        this.someone = new SomeoneElse(cluster.otherClient());
        this.namespace = namespace;
        this.sample = sample;
        this.source = source;
        List<Renderer> renderers = new ArrayList<>(List.of(Renderers.plainYaml()));
        Optional<KustomizeTool> tool = kustomizeTool();
        tool.ifPresent(t -> renderers.add(Renderers.kustomize(t)));
        if (sample.isEmpty()) {
            renderers.add(Renderers.helm());
        }
        this.kustomize = tool.isPresent();
        this.target = KubernetesTarget.builder().apiClient(cluster.gitops4jClient()).inventoryNamespace(namespace)
                .build();
        this.reconciler = GitOps.reconciler().source(source).target(target)
                .renderers(renderers.toArray(Renderer[]::new)).backgroundScheduling(false).build();
        this.passes = new Passes(reconciler, target, cluster, this.out);
        someone.createNamespace(namespace);
        namespaces.add(namespace);
        this.out.line("gitops4j demo: reconciling through KubernetesTarget over HTTP into " + cluster.description());
        if (sample.isPresent()) {
            tool.ifPresentOrElse(t -> this.out.note("rendering overlays/<env> with " + java.nio.file.Path.of(t
                    .prefix().get(0)).getFileName() + " " + String.join(" ", t.prefix().subList(1, t.prefix().size()))
                    + " " + t.version()), () -> this.out.note("kustomize not found (neither kustomize nor kubectl on "
                    + "the PATH): each environment's directory is rendered as plain YAML instead"));
        }
    }

    /** @return true when output goes to a terminal (colour, live progress): not piped, not CI=true, no NO_COLOR */
    public static boolean onTerminal() {
        return StoryOutput.onTerminal();
    }

    /**
     * A demo of the bundled sample: a local Git repository in a Console's layout, Applications {@code shop-dev} and
     * {@code shop-prod}, the story of {@link SampleStory}.
     *
     * @param namespace the namespace holding the inventories; the Applications use {@code NAMESPACE-dev} and
     *     {@code NAMESPACE-prod}
     */
    public static Demo ofSample(DemoCluster cluster, String namespace, PrintStream out, boolean terminal)
            throws Exception {
        SampleRepository repo = SampleRepository.create();
        try {
            Demo demo = new Demo(cluster, namespace, Optional.of(repo),
                    GitSource.builder().allowFileUrls(true).build(), out, terminal);
            for (String app : List.of(SampleStory.DEV, SampleStory.PROD)) {
                String env = app.substring(app.indexOf('-') + 1);
                demo.register(app, SourceSpec.git(repo.url(), "main", demo.kustomize ? "overlays/" + env
                        : "environments/" + env), demo.kustomize ? RenderSpec.kustomize() : RenderSpec.plainYaml(),
                        namespace + "-" + env);
            }
            return demo;
        } catch (Exception | Error e) {
            repo.close();
            throw e;
        }
    }

    /**
     * A demo of a repository the user names: one Application, a first sync and a pass with nothing new.
     *
     * @param application the Application's name
     * @param spec the repository, ref and path
     * @param source the Git source to read it with (closed by {@link #close()})
     * @param namespace the namespace for objects that name none, and for the inventory
     */
    public static Demo ofRepository(DemoCluster cluster, String application, SourceSpec spec, GitSource source,
            String namespace, PrintStream out, boolean terminal) throws Exception {
        Demo demo = new Demo(cluster, namespace, Optional.empty(), source, out, terminal);
        demo.register(application, spec, RenderSpec.auto(), namespace);
        return demo;
    }

    private void register(String name, SourceSpec spec, RenderSpec render, String targetNamespace)
            throws IOException {
        if (!namespaces.contains(targetNamespace)) {
            someone.createNamespace(targetNamespace);
            namespaces.add(targetNamespace);
        }
        Application app = Application.builder(name).source(spec).renderer(render).targetNamespace(targetNamespace)
                .syncPolicy(SyncPolicy.automated().withDrift(DriftMode.CORRECT).withInterval(Duration.ofHours(1)))
                .build();
        reconciler.register(app);
        applications.add(app);
    }

    /** Tells the story, then prints the history and the requests. @return what happened */
    public Report run() throws Exception {
        long start = System.nanoTime();
        List<Step> steps = sample.isPresent()
                ? new SampleStory(sample.get(), passes, someone, out, namespace + "-prod").tell()
                : repositoryStory();
        out.heading("history: every pass as reconciler.history() keeps it (C/U/D: created/updated/deleted)");
        List<ReconcileResult> history = applications.stream().flatMap(a -> passes.history(a.name()).stream())
                .toList();
        HistoryTable.passes(out, history);
        out.heading("API requests gitops4j sent for all of this" + (cluster.isFake() ? " (counted at the server)"
                : " (counted by the client)"));
        Map<String, Long> requests = cluster.requests();
        HistoryTable.requests(out, requests);
        Report report = new Report(steps, history, requests);
        out.line("");
        out.line((report.succeeded() ? "demo finished" : "demo FAILED: a step did not end as the story says")
                + " in " + Duration.ofNanos(System.nanoTime() - start).toMillis() / 100 / 10.0 + " s");
        return report;
    }

    private List<Step> repositoryStory() throws Exception {
        Application app = applications.get(0);
        out.heading("1/2 first sync of " + app.source().url() + " path '" + app.source().path() + "' at "
                + app.source().ref());
        Step first = passes.reconcile(Scene.REPOSITORY_SYNC, app.name());
        out.heading("2/2 the same revision again: nothing to write");
        return List.of(first, passes.reconcile(Scene.REPOSITORY_AGAIN, app.name()));
    }

    /** @return the namespaces the demo created: the inventories' and the Applications' */
    public List<String> namespaces() {
        return List.copyOf(namespaces);
    }

    /**
     * Stops the engine first (so it does not take the deletions below for drift), then, on a real cluster, deletes
     * the demo's namespaces and everything in them.
     */
    @Override
    public void close() throws Exception {
        try {
            try (source; target; reconciler) {
                // closed in reverse order: the engine, its target, the Git source
            }
            if (!cluster.isFake()) {
                for (String ns : namespaces()) {
                    someone.deleteNamespace(ns);
                }
                out.line("removed namespaces " + String.join(", ", namespaces()));
            }
        } finally {
            sample.ifPresent(SampleRepository::close);
        }
    }

    private static Optional<KustomizeTool> kustomizeTool() {
        try {
            return Optional.of(KustomizeTool.detect());
        } catch (RenderException e) {
            return Optional.empty();
        }
    }
}
