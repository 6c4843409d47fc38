package io.gitops4j.examples.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;

/**
 * The demo's deployment repository: a local Git repository (branch {@code main}) in a temporary directory, filled
 * from the bundled sample in the layout a developer-portal Console writes ({@code environments/<env>/} plain
 * manifests, {@code overlays/<env>/kustomization.yaml} listing them), and changed by commits the way a Console or a
 * person would. The engine reads it through its {@code file:} URL like any remote. Not thread-safe; {@link #close()}
 * deletes the directory.
 */
public final class SampleRepository implements AutoCloseable {
    /** The bundled files, relative to the repository's root. */
    static final List<String> FILES = List.of("README.md",
            "environments/dev/web.yaml", "environments/dev/service.yaml", "environments/dev/settings.yaml",
            "environments/dev/flags.yaml", "overlays/dev/kustomization.yaml",
            "environments/prod/web.yaml", "environments/prod/service.yaml", "environments/prod/settings.yaml",
            "environments/prod/flags.yaml", "overlays/prod/kustomization.yaml");
    private static final PersonIdent AUTHOR = new PersonIdent("gitops4j demo", "demo@gitops4j.invalid");

    private final Path dir;
    private final Git git;

    private SampleRepository(Path dir, Git git) {
        this.dir = dir;
        this.git = git;
    }

    /**
     * Creates the repository with the bundled sample in its working tree, not yet committed.
     *
     * @throws IOException when the temporary directory cannot be written or a bundled file is missing
     */
    public static SampleRepository create() throws IOException {
        Path dir = Files.createTempDirectory("gitops4j-demo-repo-");
        try {
            Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call();
            SampleRepository repo = new SampleRepository(dir, git);
            for (String file : FILES) {
                repo.write(file, bundled(file));
            }
            return repo;
        } catch (GitAPIException e) {
            deleteTree(dir);
            throw new IOException("cannot create the sample repository: " + e.getMessage(), e);
        }
    }

    /** @return the repository's {@code file:} URL */
    public String url() {
        return dir.toUri().toString();
    }

    /** @return the text of a file in the working tree */
    public String read(String file) throws IOException {
        return Files.readString(dir.resolve(file));
    }

    /** Writes a file into the working tree (staged by the next {@link #commit}). */
    public void write(String file, String content) throws IOException {
        Path path = dir.resolve(file);
        Files.createDirectories(path.getParent() == null ? dir : path.getParent());
        Files.writeString(path, content, StandardCharsets.UTF_8);
    }

    /** Replaces the one occurrence of {@code from} in a file by {@code to}. */
    public void replace(String file, String from, String to) throws IOException {
        String text = read(file);
        if (!text.contains(from)) {
            throw new IllegalStateException(file + " does not contain " + from);
        }
        write(file, text.replace(from, to));
    }

    /** Deletes a file from the working tree (removed by the next {@link #commit}). */
    public void delete(String file) throws IOException {
        Files.delete(dir.resolve(file));
    }

    /**
     * Commits every change of the working tree (added, changed and deleted files) to {@code main}.
     *
     * @return the new commit's id
     */
    public String commit(String message) throws IOException {
        try {
            git.add().addFilepattern(".").call();
            git.add().addFilepattern(".").setUpdate(true).call();
            RevCommit c = git.commit().setMessage(message).setAuthor(AUTHOR).setCommitter(AUTHOR).call();
            return c.getId().name();
        } catch (GitAPIException e) {
            throw new IOException("commit failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        git.close();
        try {
            deleteTree(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String bundled(String file) throws IOException {
        try (InputStream in = SampleRepository.class.getResourceAsStream("/demo/repo/" + file)) {
            if (in == null) {
                throw new IOException("bundled sample file missing: " + file);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
