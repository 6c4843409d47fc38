package io.gitops4j.examples.bench;

/**
 * One timed apply: its wall time, the CPU time of the applying side (our JVM's process, or the kubectl process) and
 * the CPU time the fake API server spent meanwhile, all in nanoseconds.
 */
record ApplyRun(long nanos, long cpuNanos, long serverCpuNanos) {
    ApplyRun {
        if (nanos <= 0 || cpuNanos < 0 || serverCpuNanos < 0) {
            throw new IllegalArgumentException("times out of range: " + nanos + ", " + cpuNanos + ", "
                    + serverCpuNanos);
        }
    }

    /** @return this run with the server's CPU time set */
    ApplyRun withServerCpu(long value) {
        return new ApplyRun(nanos, cpuNanos, value);
    }
}
