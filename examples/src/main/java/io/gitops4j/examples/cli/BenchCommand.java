package io.gitops4j.examples.cli;

import io.gitops4j.examples.bench.BenchSuite;
import io.gitops4j.examples.bench.BenchSuites;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code bench [SUITE]}: runs a benchmark suite and prints Markdown tables; without a suite, lists them. */
@Command(name = "bench", description = "Run a benchmark suite and print a Markdown table (no SUITE: list suites).")
final class BenchCommand implements Callable<Integer> {
    @Parameters(arity = "0..1", paramLabel = "SUITE", description = "the suite to run")
    private String suite;

    @Option(names = "--quick", description = "smaller sizes and fewer repetitions (a smoke run)")
    private boolean quick;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        var out = spec.commandLine().getOut();
        if (suite == null) {
            out.println("Benchmark suites (./gitops4j bench SUITE):");
            for (BenchSuite s : BenchSuites.all()) {
                out.printf("  %-16s %s%n", s.name(), s.description());
            }
            out.flush();
            return 0;
        }
        BenchSuite s = BenchSuites.find(suite).orElseThrow(() -> new CommandLine.ParameterException(
                spec.commandLine(), "unknown suite '" + suite + "'; run ./gitops4j bench to list them"));
        s.run(quick, System.out, System.err);
        return 0;
    }
}
