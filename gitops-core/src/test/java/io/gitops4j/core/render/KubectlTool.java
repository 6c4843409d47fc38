package io.gitops4j.core.render;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds kubectl for integration tests: {@code $KUBECTL}, else {@code kubectl} on the PATH. Under {@code CI=true} (any
 * letter case) a missing kubectl fails the test; elsewhere the test is skipped with a note naming the package to
 * install.
 */
public final class KubectlTool {
    private KubectlTool() {}

    public static Optional<Path> find() {
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

    public static Path require() {
        Optional<Path> kubectl = find();
        requireTool(kubectl.isPresent(), "kubectl", "kubectl");
        return kubectl.get();
    }

    /**
     * The rule for any tool a test needs: fail under CI, else skip naming the package. It is the testkit's
     * {@code ToolCheck.missing} rule, kept here because gitops-core cannot depend on the testkit.
     */
    public static void requireTool(boolean present, String tool, String debianPackage) {
        if (!present) {
            String message = tool + " is missing: install the Debian package " + debianPackage;
            if (underCi()) {
                fail(message);
            }
            assumeTrue(false, message);
        }
    }

    /** @return true when the environment variable {@code CI} is {@code true}, in any letter case */
    static boolean underCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }
}
