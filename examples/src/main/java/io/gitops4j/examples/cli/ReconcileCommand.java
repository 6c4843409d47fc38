package io.gitops4j.examples.cli;

import io.gitops4j.api.Application;
import io.gitops4j.api.GitOpsException;
import io.gitops4j.api.InvalidSpecException;
import io.gitops4j.api.Outcome;
import io.gitops4j.api.PruneGuard;
import io.gitops4j.api.ReconcileResult;
import io.gitops4j.api.Reconciler;
import io.gitops4j.api.SyncPolicy;
import io.gitops4j.api.plan.Plan;
import io.gitops4j.api.render.HelmOptions;
import io.gitops4j.api.render.RenderException;
import io.gitops4j.api.render.RenderSpec;
import io.gitops4j.api.resource.KubernetesNames;
import io.gitops4j.api.source.Revision;
import io.gitops4j.api.source.SourceSpec;
import io.gitops4j.api.target.TargetException;
import io.gitops4j.core.GitOps;
import io.gitops4j.core.engine.ReconcilerBuilder;
import io.gitops4j.core.git.GitSource;
import io.gitops4j.core.render.Renderers;
import io.gitops4j.k8s.KubernetesTarget;
import io.gitops4j.k8s.KubernetesTargetBuilder;
import io.gitops4j.k8s.internal.Connection;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code reconcile}: one pass of the engine through {@code KubernetesTarget}, the push-mode step a CI pipeline runs.
 * Prints one line per object and a summary (outcome, revision, counts, the API requests sent by verb, counted on the
 * client: {@link RequestCounter}), or {@code -o json}. Exit codes: 0 SYNCED (or a plan computed), 1 FAILED or not in
 * sync for another reason, 2 bad usage, 3 BLOCKED or prunes held by the blast-radius guard (also for {@code --plan}).
 * Git credentials as for {@code source}; the kubeconfig's credentials stay in the Kubernetes client. Secret values are
 * never printed: text names changed fields only, JSON shows values as the planner redacts them.
 */
@Command(name = "reconcile", description = "Reconcile a repository or directory into a Kubernetes cluster once "
        + "(the push-mode step of a pipeline). Exit: 0 synced or planned, 1 failed, 2 bad usage, 3 blocked or prunes held.")
final class ReconcileCommand implements Callable<Integer> {
    /** The planner's reason for an object that left the desired state while prune is off. */
    static final String PRUNE_DISABLED = "prune disabled";

    @Option(names = "--kubeconfig", required = true, paramLabel = "FILE", description = "kubeconfig of the cluster")
    private Path kubeconfig;

    @Option(names = "--context", description = "kubeconfig context (default: the current one)")
    private String context;

    @ArgGroup(exclusive = true, multiplicity = "1")
    private Where where;

    /** Where the manifests come from: exactly one. */
    static final class Where {
        @Option(names = "--repo", required = true, description = "Git repository URL (https, ssh, git, file)")
        String repo;

        @Option(names = "--dir", required = true, description = "a local directory")
        Path dir;
    }

    @Option(names = "--ref", defaultValue = "HEAD", description = "with --repo: branch, tag, commit, refs/... or "
            + "semver:RANGE (default HEAD)")
    private String ref;

    @Option(names = "--path", defaultValue = "", description = "directory inside the repository or --dir")
    private String path;

    @Option(names = "--renderer", defaultValue = RenderSpec.AUTO, description = "auto (default), plain, kustomize or "
            + "helm")
    private String renderer;

    @Option(names = "--app", description = "the Application's name, which names its inventory (default: the last "
            + "name of --path, else of the repository or directory)")
    private String app;

    @Option(names = "--namespace", description = "namespace for objects that name none (and the Helm release's)")
    private String namespace;

    @Option(names = "--plan", description = "compute and print the plan; write nothing")
    private boolean plan;

    @Option(names = "--no-prune", description = "never delete objects that left the desired state")
    private boolean noPrune;

    @Option(names = "--confirm-prune", description = "let prunes through that the blast-radius guard would hold "
            + "(more than 25 % or 50 objects, Namespaces, CRDs, PVCs)")
    private boolean confirmPrune;

    @Option(names = "--dry-run-first", description = "before the first write, dry-run every create and update with "
            + "the server's validation and admission; one refusal writes nothing (DA-06)")
    private boolean dryRunFirst;

    @Option(names = "--field-manager", description = "field manager of every write (default gitops4j)")
    private String fieldManager;

    @Option(names = {"-o", "--output"}, defaultValue = "text", description = "text (default) or json")
    private String output;

    @CommandLine.Mixin
    private GitOptions git = new GitOptions();

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Application application = application();
        KubernetesTargetBuilder builder = KubernetesTarget.builder();
        RequestCounter counter = new RequestCounter();
        PrintWriter err = spec.commandLine().getErr();
        try {
            builder.apiClient(counter.install(Connection.fromKubeconfig(kubeconfig, context)));
            if (fieldManager != null) {
                builder.fieldManager(fieldManager);
            }
        } catch (TargetException e) {
            return fail(err, Main.oneLine(e));
        } catch (InvalidSpecException e) {
            throw usage("--field-manager: " + e.getMessage());
        }
        KubernetesTarget target;
        try {
            target = builder.build();
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        GitSource source;
        try {
            source = where.repo != null ? git.source() : null;
        } catch (java.io.IOException e) {
            target.close();
            return fail(err, "cannot read a Git credentials file (" + e.getClass().getSimpleName() + ")");
        }
        try (target; source; Reconciler reconciler = reconciler(target, source)) {
            reconciler.register(application);
            if (plan) {
                Plan p = reconciler.plan(application.name(), Revision.ref(application.source().ref().toString()));
                print(ReconcileLines.of(p, counter));
                return p.isBlocked() || p.isPruneHeld() ? 3 : 0;
            }
            ReconcileResult result = reconciler.reconcileNow(application.name()).get();
            ReconcileSummary summary = ReconcileLines.of(result, target.view(), counter);
            print(summary);
            result.failure().ifPresent(f -> err.println("error: " + f));
            if (summary.pruneHeld() && result.outcome() != Outcome.BLOCKED) {
                err.println("error: prunes held by the blast-radius guard; --confirm-prune lets them through");
            }
            err.flush();
            return exitCode(result, summary);
        } catch (GitOpsException e) {
            return fail(err, Main.oneLine(e));
        }
    }

    /**
     * @return the exit code of a pass: 0 SYNCED, or OUT_OF_SYNC only by the prunes {@code --no-prune} left out; 3
     *     BLOCKED or prunes held; 1 otherwise (FAILED, or objects left alone, such as those another Application owns)
     */
    static int exitCode(ReconcileResult result, ReconcileSummary summary) {
        if (result.outcome() == Outcome.SYNCED) {
            return 0;
        }
        if (result.outcome() == Outcome.BLOCKED || summary.pruneHeld()) {
            return 3;
        }
        boolean onlyPrunesLeft = result.outcome() == Outcome.OUT_OF_SYNC && summary.objects().stream()
                .filter(o -> o.outcome().equals(Optional.of("skipped")))
                .allMatch(o -> o.note().startsWith(PRUNE_DISABLED));
        return onlyPrunesLeft ? 0 : 1;
    }

    private Reconciler reconciler(KubernetesTarget target, GitSource source) {
        ReconcilerBuilder b = GitOps.reconciler().target(target).backgroundScheduling(false);
        if (source != null) {
            b.source(source);
        }
        List<io.gitops4j.api.render.Renderer> renderers = new java.util.ArrayList<>(List.of(Renderers.plainYaml(),
                Renderers.helm()));
        try {
            renderers.add(Renderers.kustomize());
        } catch (RenderException e) {
            if (renderer.equals(RenderSpec.KUSTOMIZE)) {
                throw e; // asked for by name: say why it is missing
            } // auto: a tree that needs kustomize fails its pass with the engine's message
        }
        return b.renderers(renderers.toArray(io.gitops4j.api.render.Renderer[]::new)).build();
    }

    /** @return the Application the options describe; bad values are usage errors (exit 2) */
    private Application application() {
        if (!output.equals("text") && !output.equals("json")) {
            throw usage("-o must be text or json");
        }
        if (!List.of(RenderSpec.AUTO, RenderSpec.PLAIN, RenderSpec.KUSTOMIZE, RenderSpec.HELM).contains(renderer)) {
            throw usage("--renderer must be auto, plain, kustomize or helm");
        }
        if (noPrune && confirmPrune) {
            throw usage("--no-prune and --confirm-prune exclude each other");
        }
        if (where.dir != null && !ref.equals("HEAD")) {
            throw usage("--ref goes with --repo; a directory has no refs");
        }
        if (where.dir != null && !Files.isDirectory(where.dir)) {
            throw usage("--dir " + where.dir.getFileName() + " is not a directory");
        }
        String name = app != null ? app : ApplicationNames.derive(path, where.repo != null ? where.repo
                : String.valueOf(where.dir.toAbsolutePath().normalize().getFileName()));
        try {
            KubernetesNames.requireDns1123Label(name, "--app");
            if (namespace != null) {
                KubernetesNames.requireNamespace(namespace, "--namespace");
            }
            SourceSpec source = where.repo != null ? SourceSpec.git(where.repo, ref, path)
                    : SourceSpec.local(where.dir).withPath(path);
            SyncPolicy policy = SyncPolicy.automated().withPrune(!noPrune).withDryRunFirst(dryRunFirst);
            if (confirmPrune) {
                policy = policy.withPruneGuard(PruneGuard.unlimited());
            }
            Application.Builder b = Application.builder(name).source(source).renderer(renderSpec(name))
                    .syncPolicy(policy);
            if (namespace != null) {
                b.targetNamespace(namespace);
            }
            return b.build();
        } catch (InvalidSpecException e) {
            throw usage(e.getMessage());
        }
    }

    private RenderSpec renderSpec(String name) {
        HelmOptions helm = HelmOptions.release(name).withNamespace(Optional.ofNullable(namespace).orElse("default"));
        return switch (renderer) {
            case RenderSpec.PLAIN -> RenderSpec.plainYaml();
            case RenderSpec.KUSTOMIZE -> RenderSpec.kustomize();
            case RenderSpec.HELM -> RenderSpec.helm(helm);
            default -> RenderSpec.auto().withOptions(io.gitops4j.api.render.AutoOptions.defaults().withHelm(helm));
        };
    }

    private void print(ReconcileSummary summary) throws java.io.IOException {
        PrintWriter out = spec.commandLine().getOut();
        if (output.equals("json")) {
            ReconcileOutput.json(summary, out);
        } else {
            ReconcileOutput.text(summary, out);
        }
    }

    private static int fail(PrintWriter err, String message) {
        err.println("error: " + message);
        err.flush();
        return 1;
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
