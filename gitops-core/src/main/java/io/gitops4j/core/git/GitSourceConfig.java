package io.gitops4j.core.git;

import io.gitops4j.api.source.SourceSpec;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Everything a {@link GitSource} is configured with; built by {@link GitSourceBuilder}.
 *
 * @param cacheDir where the bare mirrors live
 * @param credentials the host's credential provider, asked per operation
 * @param urlPolicy the host's allow/deny decision on URLs and resolved addresses
 * @param budget time, size and count limits
 * @param shallow fetch depth 1 instead of full history
 * @param allowFile accept {@code file:} URLs
 * @param allowCredentialsOverPlainHttp send credentials over {@code http:} (off by default)
 * @param signatures the signature policy per spec
 * @param historyPolicy what to do on a history rewrite
 * @param historyListener told about every history rewrite
 * @param onClose run when the source closes
 * @param submodules which submodule URLs may be fetched, or null for none
 */
record GitSourceConfig(Path cacheDir, GitCredentials credentials, UrlPolicy urlPolicy, FetchBudget budget,
        boolean shallow, boolean allowFile, boolean allowCredentialsOverPlainHttp,
        Function<SourceSpec, SignaturePolicy> signatures, HistoryRewrite.Policy historyPolicy,
        Consumer<HistoryRewrite> historyListener, Runnable onClose, Predicate<GitUrl> submodules) {
    GitSourceConfig {
        Objects.requireNonNull(cacheDir, "cacheDir");
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(urlPolicy, "urlPolicy");
        Objects.requireNonNull(budget, "budget");
        Objects.requireNonNull(signatures, "signatures");
        Objects.requireNonNull(historyPolicy, "historyPolicy");
        Objects.requireNonNull(historyListener, "historyListener");
        Objects.requireNonNull(onClose, "onClose");
    }
}
