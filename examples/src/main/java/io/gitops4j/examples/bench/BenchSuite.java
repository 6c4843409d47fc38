package io.gitops4j.examples.bench;

import java.io.PrintStream;

/**
 * One benchmark suite of {@code ./gitops4j bench SUITE}. A suite measures against a peer in the same run where
 * one exists (kubectl, the git CLI, fabric8's mock server) and prints one or more Markdown tables to {@code out};
 * progress and notes go to {@code err}. Timings are reported as median and spread over interleaved repetitions;
 * counts (requests, writes, bytes) are reported exactly.
 */
public interface BenchSuite {
    /** @return the name used on the command line, such as {@code engine} or {@code git} */
    String name();

    /** @return one line saying what the suite measures and against which peer */
    String description();

    /**
     * Runs the suite.
     *
     * @param quick whether to use smaller sizes and fewer repetitions (for smoke tests)
     * @throws Exception when the suite cannot run (a missing peer tool is reported as a failure, not skipped)
     */
    void run(boolean quick, PrintStream out, PrintStream err) throws Exception;
}
