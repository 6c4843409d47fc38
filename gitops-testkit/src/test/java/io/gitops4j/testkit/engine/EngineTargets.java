package io.gitops4j.testkit.engine;

import io.gitops4j.api.target.Target;
import io.gitops4j.testkit.FakeKube;
import java.util.ServiceLoader;

/**
 * The target the engine tests write through: {@link FakeKube#asTarget()} here; another module whose test classpath
 * holds a {@link Factory} (a {@code META-INF/services} entry) runs the same tests against its own target over the same
 * fake — gitops-k8s runs them against {@code KubernetesTarget} over a {@code FakeApiServer} serving the fake.
 */
public final class EngineTargets {
    private EngineTargets() {}

    /** Makes the target of a test run. */
    public interface Factory {
        /** @return a target writing to {@code kube}; closing it releases whatever the factory started for it */
        Target over(FakeKube kube);
    }

    /** @return the target of this test run over {@code kube} */
    public static Target over(FakeKube kube) {
        return ServiceLoader.load(Factory.class).findFirst().map(f -> f.over(kube)).orElseGet(kube::asTarget);
    }
}
