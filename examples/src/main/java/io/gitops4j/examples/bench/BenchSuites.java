package io.gitops4j.examples.bench;

import java.util.List;
import java.util.Optional;

/** The benchmark suites {@code ./gitops4j bench} knows, in the order it lists them. */
public final class BenchSuites {
    private BenchSuites() {}

    /** @return every suite */
    public static List<BenchSuite> all() {
        return List.of(new EngineBench(), new RenderBench(), new GitBench(), new FakeApiServerBench(),
                new AmplificationBench(), new ApplyBench(), new DryRunBench());
    }

    /** @return the suite with this name, if any */
    public static Optional<BenchSuite> find(String name) {
        return all().stream().filter(s -> s.name().equals(name)).findFirst();
    }
}
