package io.gitops4j.examples.bench;

/**
 * P3 of the apply benchmark: {@code passes} consecutive no-op passes of one Application (nothing changed in its
 * source, no drift), each checked SYNCED with every object UNCHANGED and no write, and what they cost in all: the
 * requests the server answered, the CPU of this JVM's threads (ThreadMXBean), the CPU of this JVM's process (10 ms
 * ticks, so only the mean over many passes means anything) and the wall time. Immutable.
 *
 * @param warmUp how many untimed no-op passes ran before them
 * @param passes how many passes were measured, at least 1
 * @param requests the requests of all of them
 */
record NoOpPasses(int warmUp, int passes, RequestCounts requests, double threadCpuMillis, double processCpuMillis,
        double wallMillis) {
    /** P3's budget: CPU per no-op pass per 10,000 objects. */
    static final double P3_MILLIS_PER_10_000 = 50;

    NoOpPasses {
        if (warmUp < 0 || passes < 1 || requests == null) {
            throw new IllegalArgumentException("at least one pass and its requests");
        }
    }

    /**
     * Runs {@code warmUp} no-op passes untimed, then {@code passes} measured ones, after the server's counts are
     * cleared. Blocks until they ended.
     *
     * @throws IllegalStateException when a pass was not a no-op of {@code n} objects
     */
    static NoOpPasses measure(ControlledServer server, EnginePass engine, int n, int warmUp, int passes)
            throws Exception {
        for (int i = 0; i < warmUp; i++) {
            engine.noop(n);
        }
        server.clear();
        long thread = TargetApply.threadCpuNanos();
        long process = ProcessCpu.self();
        long t0 = System.nanoTime();
        for (int i = 0; i < passes; i++) {
            engine.noop(n);
        }
        double wall = (System.nanoTime() - t0) / 1e6;
        return new NoOpPasses(warmUp, passes, server.requests(), (TargetApply.threadCpuNanos() - thread) / 1e6,
                (ProcessCpu.self() - process) / 1e6, wall);
    }

    /** @return the mean CPU of this JVM's threads per pass, in milliseconds */
    double threadCpuPerPass() {
        return threadCpuMillis / passes;
    }

    /** @return the mean CPU of this JVM's process per pass, in milliseconds */
    double processCpuPerPass() {
        return processCpuMillis / passes;
    }

    /** @return the mean wall time per pass, in milliseconds */
    double wallPerPass() {
        return wallMillis / passes;
    }

    /** @return the mean requests per pass */
    double requestsPerPass() {
        return (double) requests.total() / passes;
    }

    /** @return the thread CPU per pass scaled to 10,000 objects from {@code n} */
    double threadCpuPer10000(int n) {
        return threadCpuPerPass() * 10_000 / n;
    }

    /**
     * @return whether P3 was met at {@code n} objects: no write, no request but discovery, and the mean thread CPU
     *     per pass within {@link #P3_MILLIS_PER_10_000} per 10,000 objects
     */
    boolean meetsP3(int n) {
        return requests.writes() == 0 && requests.total() <= requests.nonResource()
                && threadCpuPer10000(n) <= P3_MILLIS_PER_10_000;
    }
}
