package io.gitops4j.examples.cli;

import io.gitops4j.api.InvalidSpecException;
import io.gitops4j.api.source.Revision;
import io.gitops4j.api.source.Snapshot;
import io.gitops4j.api.source.SourceException;
import io.gitops4j.api.source.SourceSpec;
import io.gitops4j.core.git.GitSource;
import io.gitops4j.core.git.GitUrl;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code source resolve|ls|cat}: what the Git source sees of a repository. Credentials come from the environment
 * ({@code GITOPS4J_GIT_TOKEN}, or {@code GITOPS4J_GIT_USERNAME} and {@code GITOPS4J_GIT_PASSWORD}) or from files
 * named by flags ({@code --token-file}, {@code --ssh-key-file} with {@code --known-hosts}), never from the command
 * line itself. A refused repository exits 1 with {@code error: REASON: message} on stderr.
 */
@Command(name = "source", description = "Resolve a ref, list or print files of a Git repository as gitops4j sees it.",
        subcommands = {SourceCommand.Resolve.class, SourceCommand.Ls.class, SourceCommand.Cat.class})
final class SourceCommand implements Runnable {
    /** Where credentials are read from; the environment, replaced by tests only. */
    static volatile java.util.function.Function<String, String> environment = System::getenv;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "resolve, ls or cat is required");
    }

    /** Options shared by the subcommands. */
    static class Common {
        @Option(names = "--repo", required = true, description = "repository URL (https, ssh, git, file)")
        String repo;

        @Option(names = "--ref", defaultValue = "HEAD", description = "branch, tag, commit, refs/... or semver:RANGE")
        String ref;

        @CommandLine.Mixin
        GitOptions git = new GitOptions();

        GitSource source() throws IOException {
            return git.source();
        }
    }

    /** Runs an action against a resolved snapshot, turning source failures into exit code 1. */
    abstract static class Action implements Callable<Integer> {
        @CommandLine.Mixin
        Common common = new Common();

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter err = spec.commandLine().getErr();
            try (GitSource source = common.source()) {
                GitUrl.parse(common.repo, true);
                SourceSpec s = SourceSpec.git(common.repo, common.ref, "");
                Revision revision = source.resolve(s);
                return run(source, s, revision, spec.commandLine().getOut());
            } catch (SourceException e) {
                err.println("error: " + e.reason() + ": " + Main.oneLine(e));
                err.flush();
                return 1;
            } catch (InvalidSpecException e) {
                err.println("error: " + reasonOf(e) + ": " + Main.oneLine(e));
                err.flush();
                return 1;
            } catch (io.gitops4j.api.GitOpsException e) {
                err.println("error: " + Main.oneLine(e));
                err.flush();
                return 1;
            }
        }

        abstract int run(GitSource source, SourceSpec spec, Revision revision, PrintWriter out) throws IOException;

        /** @return the source failure reason matching a refused spec field */
        private static SourceException.Reason reasonOf(InvalidSpecException e) {
            switch (e.field()) {
                case "url":
                    return SourceException.Reason.POLICY;
                case "ref":
                    return SourceException.Reason.INVALID_REF;
                default:
                    return SourceException.Reason.PATH_ESCAPE;
            }
        }
    }

    /** {@code source resolve}: prints the full ref name and commit id. */
    @Command(name = "resolve", description = "Print the revision a ref resolves to.")
    static final class Resolve extends Action {
        @Override
        int run(GitSource source, SourceSpec spec, Revision revision, PrintWriter out) {
            out.println(revision.ref() + " " + revision.id());
            out.flush();
            return 0;
        }
    }

    /** {@code source ls}: lists the files below a path, marking links it cannot follow ({@link SourceListing}). */
    @Command(name = "ls", description = "List the files of the snapshot (below --path); symbolic links that loop or "
            + "leave the tree are listed as refused, without their targets.")
    static final class Ls extends Action {
        @Option(names = "--path", defaultValue = "", description = "directory inside the repository")
        String path;

        @Override
        int run(GitSource source, SourceSpec spec, Revision revision, PrintWriter out) {
            try (Snapshot s = source.open(spec, revision)) {
                SourceListing.print(s, path, out);
            }
            out.flush();
            return 0;
        }
    }

    /** {@code source cat}: prints one file. */
    @Command(name = "cat", description = "Print one file of the snapshot.")
    static final class Cat extends Action {
        @Option(names = "--path", required = true, description = "file inside the repository")
        String path;

        @Override
        int run(GitSource source, SourceSpec spec, Revision revision, PrintWriter out) {
            try (Snapshot s = source.open(spec, revision)) {
                byte[] bytes = s.read(path);
                out.print(new String(bytes, StandardCharsets.UTF_8));
            }
            out.flush();
            return 0;
        }
    }
}
