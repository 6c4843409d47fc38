package io.gitops4j.examples.cli;

import io.gitops4j.api.GitOpsException;
import io.gitops4j.api.InvalidSpecException;
import io.gitops4j.api.source.SourceSpec;
import io.gitops4j.api.target.TargetException;
import io.gitops4j.core.git.GitSource;
import io.gitops4j.examples.demo.Demo;
import io.gitops4j.examples.demo.DemoCluster;
import io.gitops4j.examples.demo.FakeCluster;
import io.gitops4j.examples.demo.RealCluster;
import io.gitops4j.k8s.internal.Connection;
import io.kubernetes.client.openapi.ApiClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code demo}: the main job shown end to end through {@code KubernetesTarget} over HTTP ({@link Demo}): into a fake
 * API server in this process by default, or a real cluster with {@code --kubeconfig}; the bundled sample's story by
 * default, or a sync of {@code --repo}. Exit codes: 0 every step ended as the story says, 1 otherwise or on an error,
 * 2 bad usage.
 */
@Command(name = "demo", description = "Show the main job: a Git repository reconciled through KubernetesTarget over "
        + "HTTP into a fake cluster in this process (or --kubeconfig), with sync, prune, drift, a failed and a blocked "
        + "commit, a rollback, the history and the API requests it cost. Exit: 0 ok, 1 a step went wrong, 2 bad usage.")
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--kubeconfig", paramLabel = "FILE", description = "run against this cluster instead, in "
            + "namespaces the demo creates and removes (gitops4j-demo-XXXXXX, -dev, -prod)")
    private Path kubeconfig;

    @Option(names = "--context", description = "with --kubeconfig: the context (default: the current one)")
    private String context;

    @Option(names = "--repo", paramLabel = "URL", description = "reconcile this Git repository instead of the sample "
            + "(a first sync and a pass with nothing new)")
    private String repo;

    @Option(names = "--path", description = "with --repo: directory inside the repository (default: its root)")
    private String path;

    @Option(names = "--ref", description = "with --repo: branch, tag, commit or semver:RANGE (default HEAD)")
    private String ref;

    @Option(names = "--hold", description = "keep running after the story (the engine still corrects drift) and "
            + "print the fake cluster's kubeconfig, until Ctrl-C")
    private boolean hold;

    @CommandLine.Mixin
    private GitOptions git = new GitOptions();

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (context != null && kubeconfig == null) {
            throw usage("--context goes with --kubeconfig");
        }
        if (repo == null && (path != null || ref != null)) {
            throw usage("--path and --ref go with --repo");
        }
        PrintWriter err = spec.commandLine().getErr();
        DemoCluster cluster;
        try {
            cluster = kubeconfig == null ? FakeCluster.start() : realCluster();
        } catch (TargetException e) {
            err.println("error: " + Main.oneLine(e));
            return 1;
        }
        try (cluster) {
            return run(cluster);
        }
    }

    private int run(DemoCluster cluster) throws Exception {
        String namespace = cluster.isFake() ? (repo == null ? "shop" : "demo")
                : "gitops4j-demo-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(3));
        PrintWriter err = spec.commandLine().getErr();
        Demo demo;
        try {
            demo = repo == null ? Demo.ofSample(cluster, namespace, System.out, Demo.onTerminal())
                    : Demo.ofRepository(cluster, ApplicationNames.derive(path == null ? "" : path, repo),
                            spec(), git.source(), namespace, System.out, Demo.onTerminal());
        } catch (InvalidSpecException e) {
            throw usage(e.getMessage());
        } catch (IOException | GitOpsException e) {
            err.println("error: " + Main.oneLine(e));
            return 1;
        }
        CountDownLatch cleaned = new CountDownLatch(1);
        try {
            boolean ok = demo.run().succeeded();
            if (hold) {
                holdUntilInterrupted(cluster, demo, cleaned);
            }
            return ok ? 0 : 1;
        } catch (IOException | GitOpsException | TimeoutException | ExecutionException e) {
            err.println("error: " + Main.oneLine(e instanceof ExecutionException && e.getCause() != null
                    ? e.getCause() : e));
            return 1;
        } finally {
            demo.close();
            cleaned.countDown();
        }
    }

    private SourceSpec spec() {
        return SourceSpec.git(repo, ref == null ? "HEAD" : ref, path == null ? "" : path);
    }

    private RealCluster realCluster() {
        RequestCounter counter = new RequestCounter();
        ApiClient gitops4j = counter.install(Connection.fromKubeconfig(kubeconfig, context));
        ApiClient other = Connection.fromKubeconfig(kubeconfig, context);
        return new RealCluster("the cluster of " + kubeconfig.getFileName() + (context == null ? ""
                : " (context " + context + ")"), gitops4j, other, counter::byVerb);
    }

    /** Prints how to look at the cluster, then waits for Ctrl-C; the hook lets the cleanup finish first. */
    private static void holdUntilInterrupted(DemoCluster cluster, Demo demo, CountDownLatch cleaned)
            throws InterruptedException {
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.countDown();
            try {
                cleaned.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "gitops4j-demo-hold"));
        System.out.println();
        cluster.kubeconfig().ifPresent(k -> System.out.println("the cluster keeps running: kubectl --kubeconfig " + k
                + " get all -A"));
        System.out.println("holding (the engine still corrects drift in " + String.join(", ", demo.namespaces())
                + "); press Ctrl-C to stop");
        System.out.flush();
        stop.await();
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
