package io.gitops4j.core.render;

import java.util.Objects;

/**
 * What one Helm render may use (RD-14, RD-11/12). These are the host's limits, not an Application's: a chart cannot
 * raise them.
 *
 * @param process the limits of the Helm child process ({@link ToolProcess}): memory (the Java and the Go heap
 *     together, as {@code RLIMIT_DATA} counts them), CPU time of all its threads, and its output (both renders of
 *     the determinism check together)
 * @param maxWrittenBytes the most bytes one render may write to its private directory: the chart copy, values,
 *     downloaded and unpacked archives (nested ones included) and dependencies, counted together ({@link
 *     WriteBudget})
 */
public record HelmLimits(ToolLimits process, long maxWrittenBytes) {
    private static final long MIB = 1024 * 1024;

    /** @throws IllegalArgumentException for a memory limit under 256 MiB (the child JVM needs it) or no disk budget */
    public HelmLimits {
        Objects.requireNonNull(process, "process");
        if (process.maxMemoryBytes() < 256 * MIB) {
            throw new IllegalArgumentException("the Helm process needs a memory limit of at least 256 MiB");
        }
        if (maxWrittenBytes < 1) {
            throw new IllegalArgumentException("maxWrittenBytes must be positive");
        }
    }

    /** @return {@link ToolLimits#defaults()} (1 GiB, 120 s of CPU, 64 MiB of output) and 128 MiB written per render */
    public static HelmLimits defaults() {
        return new HelmLimits(ToolLimits.defaults(), 128 * MIB);
    }

    /** @return a copy with these process limits */
    public HelmLimits withProcess(ToolLimits limits) {
        return new HelmLimits(limits, maxWrittenBytes);
    }

    /** @return a copy with this limit on bytes written per render */
    public HelmLimits withMaxWrittenBytes(long bytes) {
        return new HelmLimits(process, bytes);
    }
}
