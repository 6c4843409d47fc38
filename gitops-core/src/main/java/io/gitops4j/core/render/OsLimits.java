package io.gitops4j.core.render;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Puts a child process under operating-system limits and in a process group of its own, using util-linux's {@code
 * setsid} and {@code prlimit} (found once, in {@code /usr/bin}, {@code /bin} or on the PATH). The command is
 * prefixed with {@code setsid prlimit --data=BYTES --cpu=SECONDS --}: both programs replace themselves with the next
 * one ({@code exec}), so the child keeps the process id Java knows, that id is also its process group id, and
 * every process it starts inherits the group and the limits. {@link #killGroup} kills the whole group, including
 * descendants that were re-parented after their parent died, which {@link ProcessHandle#descendants()} no longer
 * sees.
 *
 * <p>Without {@code setsid} and {@code prlimit} (not Linux) the command runs unchanged and {@link #enforced()} is
 * false. Stateless and thread-safe.
 */
final class OsLimits {
    private static final Optional<Path> SETSID = find("setsid");
    private static final Optional<Path> PRLIMIT = find("prlimit");
    private static final Optional<Path> KILL = find("kill");

    private OsLimits() {}

    /** @return true when commands run under the limits and in a process group of their own */
    static boolean enforced() {
        return SETSID.isPresent() && PRLIMIT.isPresent();
    }

    /** @return the command prefixed so it runs under these limits in a new process group, when {@link #enforced()} */
    static List<String> command(List<String> command, ToolLimits limits) {
        if (!enforced()) {
            return command;
        }
        List<String> out = new ArrayList<>();
        out.add(SETSID.get().toString());
        out.add(PRLIMIT.get().toString());
        out.add("--data=" + limits.maxMemoryBytes());
        out.add("--cpu=" + limits.cpuSeconds());
        out.add("--");
        out.addAll(command);
        return out;
    }

    /**
     * Kills every process of the group led by this process (when {@link #enforced()}), then the process and every
     * descendant it still knows, and waits briefly for the process to die.
     */
    static void killGroup(Process process) {
        if (enforced() && KILL.isPresent()) {
            try {
                Process kill = new ProcessBuilder(KILL.get().toString(), "-KILL", "--", "-" + process.pid())
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                kill.waitFor(5, TimeUnit.SECONDS);
            } catch (java.io.IOException e) {
                // fall through to the tree kill below
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        List<ProcessHandle> all = new ArrayList<>();
        process.descendants().forEach(all::add);
        all.forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Optional<Path> find(String name) {
        for (String dir : List.of("/usr/bin", "/bin")) {
            Path p = Path.of(dir, name);
            if (java.nio.file.Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return KustomizeTool.onPath(name);
    }
}
