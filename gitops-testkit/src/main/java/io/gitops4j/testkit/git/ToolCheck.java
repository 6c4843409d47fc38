package io.gitops4j.testkit.git;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Checks that an external tool a fixture needs is installed. Under {@code CI=true} a missing tool is a failure
 * (exception); elsewhere the test is skipped with a JUnit assumption naming the Debian package to install.
 */
public final class ToolCheck {
    private ToolCheck() {}

    /** @throws IllegalStateException under CI when the tool is missing; aborts the test elsewhere */
    public static void require(String executable, String debianPackage) {
        if (Files.isExecutable(Path.of(executable))) {
            return;
        }
        String message = executable + " is missing: install the Debian package " + debianPackage
                + " (apt-get install -y --no-install-recommends " + debianPackage + ")";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new IllegalStateException(message);
        }
        Assumptions.abort(message);
    }
}
