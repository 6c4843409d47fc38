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

    /**
     * After the group's leader ended: kills the processes still in its group (descendants it left behind, re-parented
     * elsewhere), when {@link #enforced()}. The group is looked up in {@code /proc} first; the kernel does not hand a
     * process group's id to a new process while any member lives, so a group found there is still ours to kill.
     * Needed because the JVM closes the leader's output pipes once it exits, so a survivor holding them open is not
     * always visible as an output that does not end.
     *
     * @return true when survivors were found (and killed)
     */
    static boolean killLeftovers(Process process) {
        if (!enforced() || !groupHasMembers(process.pid())) {
            return false;
        }
        killGroup(process);
        return true;
    }

    private static boolean groupHasMembers(long pgid) {
        try (var entries = java.nio.file.Files.list(Path.of("/proc"))) {
            return entries.map(p -> p.getFileName().toString()).filter(n -> n.chars().allMatch(Character::isDigit))
                    .anyMatch(pid -> processGroupOf(pid) == pgid);
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            return false;
        }
    }

    /** @return the process group of {@code pid} from {@code /proc/PID/stat} (field 5), or -1 when it is gone */
    private static long processGroupOf(String pid) {
        try {
            String stat = java.nio.file.Files.readString(Path.of("/proc", pid, "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return fields[0].equals("Z") ? -1 : Long.parseLong(fields[2]);
        } catch (java.io.IOException | RuntimeException e) {
            return -1;
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
