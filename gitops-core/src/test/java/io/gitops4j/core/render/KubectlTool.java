package io.gitops4j.core.render;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds kubectl for integration tests: {@code $KUBECTL}, else {@code kubectl} on the PATH. Under {@code CI=true} a
 * missing kubectl fails the test; elsewhere the test is skipped with a note naming the package to install.
 */
final class KubectlTool {
    private KubectlTool() {}

    static Optional<Path> find() {
        String explicit = System.getenv("KUBECTL");
        if (explicit != null && !explicit.isBlank() && Files.isExecutable(Path.of(explicit))) {
            return Optional.of(Path.of(explicit));
        }
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                Path candidate = Path.of(dir, "kubectl");
                if (Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    static Path require() {
        Optional<Path> kubectl = find();
        if (kubectl.isEmpty()) {
            if ("true".equals(System.getenv("CI"))) {
                fail("kubectl is required under CI=true (install the kubectl package)");
            }
            assumeTrue(false, "kubectl not found: install the kubectl package to run this test");
        }
        return kubectl.get();
    }
}
