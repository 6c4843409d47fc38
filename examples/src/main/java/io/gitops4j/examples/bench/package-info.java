/**
 * The benchmark suites of {@code ./gitops4j bench}: each measures against a peer in the same run where one exists and
 * prints Markdown tables ({@link io.gitops4j.examples.bench.BenchSuites} lists them).
 */
package io.gitops4j.examples.bench;
