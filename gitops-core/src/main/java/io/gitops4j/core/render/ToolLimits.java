package io.gitops4j.core.render;

import java.time.Duration;
import java.util.Objects;

/**
 * What one run of an external tool ({@code kustomize}, {@code kubectl kustomize}) may consume (RD-09). {@link
 * ToolProcess} enforces every limit while the tool runs, not after it has finished.
 *
 * <p>The memory and CPU limits are operating-system limits set on the child before it starts ({@code prlimit}
 * from util-linux): memory is {@code RLIMIT_DATA}, the private writable memory of the process, which is where a Go
 * program's heap lives (the address-space limit is useless for Go, which reserves far more address space than it
 * uses); CPU is {@code RLIMIT_CPU}, the CPU time of all the process's threads. Where {@code prlimit} is not
 * available (not Linux) they are not enforced; the output caps and the timeout always are.
 *
 * @param maxMemoryBytes the most private writable memory the child may map ({@code RLIMIT_DATA})
 * @param maxCpuTime the most CPU time the child may use, rounded up to whole seconds ({@code RLIMIT_CPU})
 * @param maxStdoutBytes the most standard output accepted; the child is killed as soon as it writes more
 * @param maxStderrBytes the most standard error accepted; the child is killed as soon as it writes more
 */
public record ToolLimits(long maxMemoryBytes, Duration maxCpuTime, long maxStdoutBytes, long maxStderrBytes) {
    private static final long MIB = 1024 * 1024;

    /** @throws IllegalArgumentException for a limit that is not positive */
    public ToolLimits {
        Objects.requireNonNull(maxCpuTime, "maxCpuTime");
        if (maxMemoryBytes < 1 || maxCpuTime.isNegative() || maxCpuTime.isZero() || maxStdoutBytes < 1
                || maxStderrBytes < 1) {
            throw new IllegalArgumentException("tool limits must be positive");
        }
    }

    /**
     * @return 1 GiB of memory, 120 s of CPU time, 64 MiB of output (a fan-out past it would cost the JVM gigabytes
     *     to parse), 1 MiB of error text
     */
    public static ToolLimits defaults() {
        return new ToolLimits(1024 * MIB, Duration.ofSeconds(120), 64 * MIB, MIB);
    }

    /** @return a copy with another memory limit */
    public ToolLimits withMaxMemoryBytes(long bytes) {
        return new ToolLimits(bytes, maxCpuTime, maxStdoutBytes, maxStderrBytes);
    }

    /** @return a copy with another CPU time limit */
    public ToolLimits withMaxCpuTime(Duration cpu) {
        return new ToolLimits(maxMemoryBytes, cpu, maxStdoutBytes, maxStderrBytes);
    }

    /** @return a copy with another output cap */
    public ToolLimits withMaxStdoutBytes(long bytes) {
        return new ToolLimits(maxMemoryBytes, maxCpuTime, bytes, maxStderrBytes);
    }

    /** @return a copy with another error text cap */
    public ToolLimits withMaxStderrBytes(long bytes) {
        return new ToolLimits(maxMemoryBytes, maxCpuTime, maxStdoutBytes, bytes);
    }

    /** @return the CPU limit in whole seconds, at least 1 */
    long cpuSeconds() {
        long s = maxCpuTime.toSeconds() + (maxCpuTime.toNanosPart() > 0 ? 1 : 0);
        return Math.max(1, s);
    }
}
