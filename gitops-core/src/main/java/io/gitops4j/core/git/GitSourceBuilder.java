package io.gitops4j.core.git;

import io.gitops4j.api.source.SourceSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Builds a {@link GitSource}. Defaults: a private temporary cache directory deleted on close, anonymous access,
 * every URL allowed, {@link FetchBudget#defaults()}, full history, no {@code file:} URLs, no credentials over plain
 * {@code http:}, no signature check, history rewrites allowed and reported, no submodule fetched.
 */
public final class GitSourceBuilder {
    private Path cacheDir;
    private GitCredentials credentials = GitCredentials.none();
    private UrlPolicy urlPolicy = UrlPolicy.allowAll();
    private FetchBudget budget = FetchBudget.defaults();
    private boolean shallow;
    private boolean allowFile;
    private boolean allowCredentialsOverPlainHttp;
    private Function<SourceSpec, SignaturePolicy> signatures = spec -> SignaturePolicy.none();
    private HistoryRewrite.Policy historyPolicy = HistoryRewrite.Policy.ALLOW;
    private Consumer<HistoryRewrite> historyListener = r -> { };
    private Predicate<GitUrl> submodules;

    GitSourceBuilder() {}

    /** @param dir where mirrors are kept; survives restarts, shared safely by processes */
    public GitSourceBuilder cacheDirectory(Path dir) {
        this.cacheDir = Objects.requireNonNull(dir, "dir");
        return this;
    }

    /** @param provider asked for a credential per operation and URL */
    public GitSourceBuilder credentials(GitCredentials provider) {
        this.credentials = Objects.requireNonNull(provider, "provider");
        return this;
    }

    /** @param policy decides which URLs and addresses may be contacted */
    public GitSourceBuilder urlPolicy(UrlPolicy policy) {
        this.urlPolicy = Objects.requireNonNull(policy, "policy");
        return this;
    }

    /** @param limits time, size and count budgets */
    public GitSourceBuilder budget(FetchBudget limits) {
        this.budget = Objects.requireNonNull(limits, "limits");
        return this;
    }

    /** @param depthOne fetch only the wanted commit (depth 1); history rewrites then cannot be detected */
    public GitSourceBuilder shallow(boolean depthOne) {
        this.shallow = depthOne;
        return this;
    }

    /** @param allow accept {@code file:} URLs (local repositories) */
    public GitSourceBuilder allowFileUrls(boolean allow) {
        this.allowFile = allow;
        return this;
    }

    /** @param allow send credentials over unencrypted {@code http:} (for test servers only) */
    public GitSourceBuilder allowCredentialsOverPlainHttp(boolean allow) {
        this.allowCredentialsOverPlainHttp = allow;
        return this;
    }

    /** @param policyPerSpec the signature policy for each Application's spec */
    public GitSourceBuilder signatures(Function<SourceSpec, SignaturePolicy> policyPerSpec) {
        this.signatures = Objects.requireNonNull(policyPerSpec, "policyPerSpec");
        return this;
    }

    /** @param policy allow or refuse force pushes and going back (GS-10) */
    public GitSourceBuilder historyPolicy(HistoryRewrite.Policy policy) {
        this.historyPolicy = Objects.requireNonNull(policy, "policy");
        return this;
    }

    /** @param listener told about each history rewrite, on the resolving thread; must not throw */
    public GitSourceBuilder onHistoryRewrite(Consumer<HistoryRewrite> listener) {
        this.historyListener = Objects.requireNonNull(listener, "listener");
        return this;
    }

    /**
     * Allows fetching submodules whose {@code .gitmodules} URL (relative URLs resolved against the superproject's)
     * is one of these, compared by {@link GitUrl#key()} (scheme, host, port and path; {@code .git} and trailing
     * slashes ignored). An allowed submodule is fetched into its own mirror under the same URL policy, credentials
     * and budgets, and appears in snapshots as a directory; any other is a {@code SUBMODULE} entry and reading below
     * it is {@code UNSUPPORTED} (GS-04). Default: none.
     *
     * @param urls the allowed submodule URLs
     * @throws io.gitops4j.api.source.SourceException POLICY when one of them is not a valid repository URL
     */
    public GitSourceBuilder allowSubmoduleUrls(Collection<String> urls) {
        Set<String> keys = new HashSet<>();
        for (String u : urls) {
            keys.add(GitUrl.parse(u, true).key());
        }
        Set<String> frozen = Set.copyOf(keys);
        return allowSubmodules(url -> frozen.contains(url.key()));
    }

    /** @param allowed decides which submodule URLs may be fetched (see {@link #allowSubmoduleUrls}) */
    public GitSourceBuilder allowSubmodules(Predicate<GitUrl> allowed) {
        this.submodules = Objects.requireNonNull(allowed, "allowed");
        return this;
    }

    /** @return the source */
    public GitSource build() {
        Path dir = cacheDir;
        Runnable onClose = () -> { };
        if (dir == null) {
            try {
                Path tmp = Files.createTempDirectory("gitops4j-git-",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                dir = tmp;
                onClose = () -> deleteTree(tmp);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create a temporary cache directory", e);
            }
        }
        return new GitSource(new GitSourceConfig(dir, credentials, urlPolicy, budget, shallow, allowFile,
                allowCredentialsOverPlainHttp, signatures, historyPolicy, historyListener, onClose, submodules));
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort on close
        }
    }
}
