package io.gitops4j.testkit.junit;

import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The JUnit Jupiter version the testkit runs with. The testkit depends on JUnit as {@code provided}: the project
 * using it brings its own JUnit, which must be {@value #MINIMUM} or newer (5.x or 6.x). Older versions are refused
 * with a message naming the version found and the fix, instead of failing later with a linkage error.
 *
 * <p>Thread-safe; the check runs once per class loader.
 */
final class JUnitVersion {
    /** The oldest JUnit Jupiter the testkit is built and tested for. */
    static final String MINIMUM = "5.10.0";

    /** A type JUnit Jupiter has since {@value #MINIMUM}: present means new enough, whatever the jar says. */
    private static final String SINCE_MINIMUM = "org.junit.jupiter.api.io.TempDirFactory";

    private static final Optional<String> PROBLEM = problem(implementationVersion(), hasTypeSinceMinimum());

    private JUnitVersion() {}

    /** @throws ExtensionConfigurationException when the JUnit Jupiter in use is older than {@value #MINIMUM} */
    static void check() {
        if (PROBLEM.isPresent()) {
            throw new ExtensionConfigurationException(PROBLEM.get());
        }
    }

    /**
     * @param version the {@code junit-jupiter-api} version from its jar manifest, or null when it has none
     * @param newEnough whether the API has the types of {@value #MINIMUM}
     * @return what is wrong, or empty when the version is supported
     */
    static Optional<String> problem(String version, boolean newEnough) {
        if (newEnough) {
            return Optional.empty();
        }
        return Optional.of("gitops4j-testkit needs JUnit Jupiter " + MINIMUM + " or newer, but the test class path "
                + "has junit-jupiter-api " + (version == null ? "of an older, unnamed version" : version)
                + ". Import a newer org.junit:junit-bom in <dependencyManagement> (or raise the JUnit version) so "
                + "that every JUnit artifact is " + MINIMUM + " or newer.");
    }

    private static String implementationVersion() {
        Package p = ExtensionContext.class.getPackage();
        return p == null ? null : p.getImplementationVersion();
    }

    private static boolean hasTypeSinceMinimum() {
        try {
            Class.forName(SINCE_MINIMUM, false, ExtensionContext.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
