package io.gitops4j.examples.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time as the operating system accounts it: this JVM's process (every thread, garbage collection and the JIT
 * compilers included), and the children this JVM has waited for (a kubectl run, from {@code /proc/self/stat}). Both
 * are what a peer process pays for the same work, so they compare like with like. Linux only. Stateless.
 */
final class ProcessCpu {
    /** Linux reports {@code /proc} times in USER_HZ ticks, 100 per second on every architecture's user ABI. */
    private static final long NANOS_PER_TICK = 10_000_000L;

    private ProcessCpu() {}

    /**
     * @return the CPU time this JVM's process has used so far. On Linux the JVM counts it in the kernel's 10 ms ticks
     *     (OpenJDK 17 here steps by 10 or 20 ms), so a task shorter than a few ticks is measured only as the mean
     *     over many repetitions
     */
    static long self() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        throw new IllegalStateException("this JVM does not report its process CPU time");
    }

    /** @return the CPU time (user + system) of every child process this JVM has waited for so far */
    static long children() throws IOException {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        // fields after the command name in parentheses; cutime and cstime are fields 16 and 17 of the whole line
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[13]) + Long.parseLong(f[14])) * NANOS_PER_TICK;
    }
}
