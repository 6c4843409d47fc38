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
 * client connections, Git servers and temporary directories.
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
}
