package io.gitops4j.testkit.git;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/** The real {@code git daemon} on 127.0.0.1 (for benchmarks against the git CLI on the same server). */
public final class CliGitDaemonServer implements GitServer {
    private final Process process;
    private final int port;

    CliGitDaemonServer(Path base) {
        Path git = ToolCheck.require("git", "git");
        port = Ports.free();
        try {
            process = new ProcessBuilder(List.of(git.toString(), "daemon", "--reuseaddr", "--listen=127.0.0.1",
                    "--port=" + port, "--base-path=" + base, "--export-all", "--enable=receive-pack",
                    "--informative-errors", base.toString()))
                    .redirectErrorStream(true).redirectOutput(base.resolve("git-daemon-" + port + ".log").toFile())
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Ports.awaitAccepting(port, process, "git daemon");
    }

    @Override
    public String url(String repoName) {
        return "git://127.0.0.1:" + port + "/" + repoName + ".git";
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public void close() {
        Ports.stop(process);
    }
}
