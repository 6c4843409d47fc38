package io.gitops4j.examples.cli;

import io.gitops4j.examples.serve.ServeCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code ./gitops4j}: the project's command-line tool. Exit codes: 0 success, 1 the operation failed (a one-line
 * reason on stderr), 2 bad usage.
 */
@Command(name = "gitops4j", mixinStandardHelpOptions = true, version = "gitops4j 0.1.0-SNAPSHOT",
        description = "Embeddable GitOps for the JVM: keep Kubernetes clusters equal to what a Git repository says.",
        subcommands = {DemoCommand.class, BenchCommand.class, RenderCommand.class, SourceCommand.class,
                FakeApiServerCommand.class, ServeCommand.class, ReconcileCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /** Entry point. */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the tool and returns its exit code (for tests). */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("error: " + oneLine(e));
            return 1;
        });
        return cli.execute(args);
    }

    /** @return the message of a failure on one line, never a stack trace */
    static String oneLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.replaceAll("\\s*\\R\\s*", " ");
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required");
    }
}
