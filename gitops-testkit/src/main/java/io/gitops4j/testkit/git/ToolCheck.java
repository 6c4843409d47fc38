package io.gitops4j.testkit.git;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds an external tool a fixture needs and checks that it is installed. Under {@code CI=true} (any letter case) a
 * missing tool is a failure (exception); elsewhere the test is skipped with a JUnit assumption naming the Debian
 * package to install ({@link #missing}).
 *
 * <p>A tool is looked up by name the way {@code .ci/run} looks it up: in the directories of {@code PATH}, then in
 * {@link #SBIN} (Debian leaves those off an unprivileged user's {@code PATH}, and {@code lighttpd} and {@code sshd}
 * live there). Git's helper programs ({@code git-http-backend}) are looked up in {@code git --exec-path}. Stateless
 * and thread-safe; {@link #gitProgram} starts one short {@code git} process.
 */
public final class ToolCheck {
    /** The directories searched after {@code PATH}, in this order (the same list as in {@code .ci/run}). */
    public static final List<String> SBIN = List.of("/usr/local/sbin", "/usr/sbin", "/sbin");

    private ToolCheck() {}

    /**
     * @param name the executable's name, e.g. {@code lighttpd}
     * @param debianPackage the package that installs it
     * @return the absolute path of the executable
     * @throws IllegalStateException under CI when the tool is missing; aborts the test elsewhere
     */
    public static Path require(String name, String debianPackage) {
        return find(name).orElseGet(() -> missing(name + " is missing (looked on the PATH and in "
                + String.join(", ", SBIN) + ")", debianPackage));
    }

    /**
     * @param name a program Git runs itself, e.g. {@code git-http-backend}
     * @return its absolute path in {@code git --exec-path}
     * @throws IllegalStateException under CI when git or the program is missing; aborts the test elsewhere
     */
    public static Path gitProgram(String name) {
        Path git = require("git", "git");
        Optional<Path> program = execPath(git).map(dir -> dir.resolve(name)).filter(ToolCheck::isExecutable);
        return program.orElseGet(() -> missing(name + " is missing from git --exec-path", "git"));
    }

    /** @return the executable found on the PATH or in {@link #SBIN}, if any */
    static Optional<Path> find(String name) {
        List<String> dirs = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            dirs.addAll(List.of(path.split(File.pathSeparator)));
        }
        dirs.addAll(SBIN);
        for (String dir : dirs) {
            if (dir.isEmpty()) {
                continue;
            }
            try {
                Path candidate = Path.of(dir, name).toAbsolutePath();
                if (isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            } catch (InvalidPathException e) {
                // a PATH entry that is no path at all holds nothing
            }
        }
        return Optional.empty();
    }

    private static boolean isExecutable(Path p) {
        return Files.isRegularFile(p) && Files.isExecutable(p);
    }

    private static Optional<Path> execPath(Path git) {
        try {
            Process p = new ProcessBuilder(git.toString(), "--exec-path").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0 || out.isEmpty()) {
                p.destroyForcibly();
                return Optional.empty();
            }
            return Optional.of(Path.of(out));
        } catch (IOException | InvalidPathException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /**
     * The one rule for a test whose external tool is missing: under CI it fails, elsewhere it is skipped. Tests of
     * every module that can see the testkit call this (gitops-core, which cannot, keeps the same rule in its
     * {@code KubectlTool}).
     *
     * @param what what is missing, e.g. {@code "kubectl 1.29 is missing (/usr/lib/…/kubectl.1.29)"}
     * @param debianPackage the package that installs it
     * @return never: throws or aborts
     * @throws IllegalStateException under CI; elsewhere the test is aborted (skipped) with the same message
     */
    public static <T> T missing(String what, String debianPackage) {
        String message = what + ": install the Debian package " + debianPackage
                + " (apt-get install -y --no-install-recommends " + debianPackage + ")";
        if (underCi()) {
            throw new IllegalStateException(message);
        }
        return Assumptions.abort(message);
    }

    /** @return true when the environment variable {@code CI} is {@code true}, in any letter case */
    public static boolean underCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }
}
