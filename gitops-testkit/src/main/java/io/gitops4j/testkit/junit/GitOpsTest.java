package io.gitops4j.testkit.junit;

import io.gitops4j.testkit.simulate.Simulation;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a JUnit 5 test class against a fake cluster. Test and lifecycle method parameters, and non-static,
 * non-final instance fields that are still null, of these types are injected:
 *
 * <ul>
 *   <li>{@link io.gitops4j.testkit.FakeKube} — the in-memory cluster, with status simulators running;</li>
 *   <li>{@link io.gitops4j.testkit.FakeApiServer} — the same cluster over HTTP, started on first use;</li>
 *   <li>{@code io.kubernetes.client.openapi.ApiClient} — the official client pointed at that server
 *       ({@code Config.fromUrl(server.url(), false)}, never the machine's kubeconfig);</li>
 *   <li>{@link io.gitops4j.testkit.git.GitFixtures} — Git repositories and loopback servers, created on first use;</li>
 *   <li>{@link io.gitops4j.api.target.Target} — the engine's target: {@code kube.asTarget()} behind the fault
 *       rules, its calls recorded in {@link TestCluster#targetRequests()};</li>
 *   <li>{@link io.gitops4j.core.engine.ReconcilerBuilder} — a new {@code GitOps.reconciler()} aimed at that target,
 *       background scheduling as {@link #backgroundScheduling()} says (see {@link TestCluster#reconciler()});</li>
 *   <li>{@link io.gitops4j.testkit.simulate.StatusSimulators}, {@link io.gitops4j.testkit.fault.Faults} (seeded
 *       with {@link #faultSeed()}), {@link io.gitops4j.testkit.server.RequestLog} and {@link TestCluster}, which
 *       gives access to all of them.</li>
 * </ul>
 *
 * <pre>{@code
 * @GitOpsTest
 * class PruneTest {
 *     @Test
 *     void removedFileIsPruned(FakeKube kube, GitFixtures git) { ... }
 * }
 * }</pre>
 *
 * <p>Everything is closed when its scope ends ({@link #lifecycle()}): server threads and port, simulator thread,
 * client connections, Git servers and temporary directories. Reconcilers the test builds are its own to close.
 *
 * <p>JUnit is not brought in by the testkit: the project declares JUnit Jupiter 5.10.0 or
 * newer (5.x or 6.x) itself; with an older one the tests fail with a message that says so.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(GitOpsExtension.class)
public @interface GitOpsTest {

    /** Fresh cluster per test method (default) or one per class. */
    Lifecycle lifecycle() default Lifecycle.PER_METHOD;

    /** Whether the status simulators run (default true). */
    boolean simulators() default true;

    /** Simulations switched off while the others run. */
    Simulation[] disabledSimulations() default {};

    /** Delay from start to done of each simulated rollout, Job, claim or load balancer, in milliseconds. */
    long simulatorDelayMillis() default 0;

    /** The seed of the cluster's fault rules ({@code Faults}), so injected failures repeat run after run. */
    long faultSeed() default 0;

    /** The Kubernetes minor version the fake API server announces (default 33). */
    int kubernetesMinor() default 33;

    /**
     * Whether every namespace gets its default ServiceAccount and {@code kube-root-ca.crt} ConfigMap, as on a
     * cluster (default false; see {@link io.gitops4j.testkit.FakeKube.Builder#namespaceDefaults(boolean)}).
     */
    boolean namespaceDefaults() default false;

    /**
     * Whether reconcilers built from an injected {@code ReconcilerBuilder} ({@link TestCluster#reconciler()}) run
     * passes in the background. Default false: only {@code reconcileNow} and {@code onPush} reconcile, so an
     * automated Application's first background pass (at a random moment after {@code register()}) cannot race with
     * the test's own calls. Set true to test scheduling itself.
     */
    boolean backgroundScheduling() default false;
}
