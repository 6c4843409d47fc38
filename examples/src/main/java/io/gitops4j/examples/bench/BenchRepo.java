package io.gitops4j.examples.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Git repository on disk for the engine benchmark: {@code apps/NAME/cm-J.yaml}, one directory of ConfigMaps per
 * Application, committed with the {@code git} command line on branch {@code main}. The engine reads it through its
 * Git source over a {@code file:} URL, as it reads a remote (resolve the ref, fetch what moved, snapshot the tree).
 * Not thread-safe.
 */
final class BenchRepo {
    private final Path dir;

    private BenchRepo(Path dir) {
        this.dir = dir;
    }

    /** @return a new repository in {@code dir} with nothing committed */
    static BenchRepo init(Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        BenchRepo repo = new BenchRepo(dir);
        repo.git("init", "-q", "-b", "main");
        repo.git("config", "user.email", "bench@gitops4j.invalid");
        repo.git("config", "user.name", "bench");
        repo.git("config", "commit.gpgsign", "false");
        return repo;
    }

    /** @return the repository's {@code file:} URL */
    String url() {
        String url = dir.toUri().toString();
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** @return the path of an Application's directory in the repository */
    static String path(String app) {
        return "apps/" + app;
    }

    /** Writes the {@code objects} ConfigMaps of {@code app}, each holding {@code value}; not committed. */
    void write(String app, int objects, String value) throws IOException {
        Path appDir = dir.resolve(path(app));
        Files.createDirectories(appDir);
        for (int j = 0; j < objects; j++) {
            Files.writeString(appDir.resolve("cm-" + j + ".yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n"
                    + "  name: " + app + "-cm-" + j + "\n  labels:\n    app: " + app + "\ndata:\n  value: \"" + value
                    + "\"\n  index: \"" + j + "\"\n");
        }
    }

    /** @return the directory of {@code app}'s files, for a peer that applies them directly */
    Path files(String app) {
        return dir.resolve(path(app));
    }

    /** Commits everything written since the last commit. */
    void commit(String message) throws IOException, InterruptedException {
        git("add", "-A");
        git("commit", "-q", "-m", message);
    }

    private void git(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("git", "-C", dir.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = p.getInputStream().readAllBytes();
        if (!p.waitFor(2, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException("git " + args[0] + " failed: " + new String(output).trim());
        }
    }
}
