package io.gitops4j.examples.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** One in-process run of {@code ./gitops4j}: exit code and captured output, with a fake environment. */
record CliRun(int exit, String out, String err) {
    static synchronized CliRun of(Map<String, String> env, String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        var oldEnv = SourceCommand.environment;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            SourceCommand.environment = env::get;
            int code = Main.run(args);
            System.out.flush();
            System.err.flush();
            return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
            SourceCommand.environment = oldEnv;
        }
    }

    static CliRun of(String... args) {
        return of(Map.of(), args);
    }

    String all() {
        return out + err;
    }
}
