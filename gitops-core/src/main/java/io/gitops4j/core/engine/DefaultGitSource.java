package io.gitops4j.core.engine;

import io.gitops4j.api.source.Revision;
import io.gitops4j.api.source.Snapshot;
import io.gitops4j.api.source.Source;
import io.gitops4j.api.source.SourceSpec;
import io.gitops4j.core.git.GitSource;
import java.util.Locale;
import java.util.Set;

/**
 * The Git source a reconciler comes with when the host registers no {@link GitSource} of its own: one built with
 * {@code GitSource.builder().build()} (anonymous access, no {@code file:} URLs, no credentials over plain
 * {@code http:}, the default fetch budgets, a private temporary mirror directory), created on first use, so a
 * reconciler that never reads Git creates no directory and opens no connection.
 *
 * <p>The reconciler owns it: {@link #close()} closes the Git source if it was created, which deletes its temporary
 * mirror directory; afterwards every call but {@code supports} throws {@link IllegalStateException}. Thread-safe.
 */
final class DefaultGitSource implements Source {
    private static final Set<String> GIT_SCHEMES = Set.of("https", "http", "ssh", "git");
    private GitSource source;
    private boolean closed;

    /**
     * The schemes a {@link GitSource} with default settings serves ({@code https}, {@code http}, {@code ssh},
     * {@code git}) and scp-style {@code host:path} URLs. A malformed URL of these kinds is claimed too, so a pass
     * reports why the Git source refuses it; any other scheme is left to the other sources, and without one
     * {@code register()} refuses the Application naming the scheme (EN-05).
     */
    @Override
    public boolean supports(SourceSpec spec) {
        String url = spec.url();
        int separator = url.indexOf("://");
        if (separator < 0) {
            return !spec.isLocal();
        }
        return GIT_SCHEMES.contains(url.substring(0, separator).toLowerCase(Locale.ROOT));
    }

    @Override
    public Revision resolve(SourceSpec spec) {
        return source().resolve(spec);
    }

    @Override
    public Revision resolve(SourceSpec spec, long askedAt) {
        return source().resolve(spec, askedAt);
    }

    @Override
    public Snapshot open(SourceSpec spec, Revision revision) {
        return source().open(spec, revision);
    }

    @Override
    public boolean isAncestor(SourceSpec spec, String older, String newer) {
        return source().isAncestor(spec, older, newer);
    }

    private synchronized GitSource source() {
        if (closed) {
            throw new IllegalStateException("the reconciler's Git source is closed");
        }
        if (source == null) {
            source = GitSource.builder().build();
        }
        return source;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (source != null) {
            source.close();
            source = null;
        }
    }
}
