package io.gitops4j.core.git;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.gitops4j.api.source.Revision;
import io.gitops4j.api.source.Snapshot;
import io.gitops4j.api.source.Source;
import io.gitops4j.api.source.SourceException;
import io.gitops4j.api.source.SourceException.Reason;
import io.gitops4j.api.source.SourceSpec;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevObject;
import org.eclipse.jgit.revwalk.RevTag;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * The Git {@link Source}, on JGit: one bare mirror per repository URL in a cache directory, shared by every
 * Application that follows it.
 *
 * <p>{@link #resolve} costs one ls-remote round trip when nothing moved (for a {@code file:} URL, the repository's refs
 * read in place, GS-24), shared by the callers that asked before it began (GS-22); it fetches (incrementally, shallow or full) only when the wanted commit is missing, and concurrent
 * callers share the fetch (GS-13).
 * {@link #open} reads from the mirror only. Failures are {@link SourceException}s whose messages carry the URL
 * without credentials and never a secret; a failed resolve leaves the previous revision openable (GS-09, GS-12).
 *
 * <p>Thread-safe. Build with {@link #builder()}; {@link #close()} closes the mirrors (and deletes the cache
 * directory when the builder created a temporary one).
 */
public final class GitSource implements Source {
    private final GitSourceConfig config;
    private final Connector connector;
    private final HistoryGuard history;
    private final SubmoduleMounts submodules;
    private final Map<String, Mirror> mirrors = new ConcurrentHashMap<>();
    private final Cache<Verified, Boolean> verified = Caffeine.newBuilder().maximumSize(10_000).build();
    private final Resolutions resolutions = new Resolutions();
    private final Cache<String, GitUrl> urls = Caffeine.newBuilder().maximumSize(10_000).build();
    private volatile boolean closed;

    GitSource(GitSourceConfig config) {
        this.config = config;
        this.connector = new Connector(config.credentials(), config.cacheDir().resolve("ssh-home"),
                config.allowCredentialsOverPlainHttp());
        this.history = new HistoryGuard(config.historyPolicy(), config.historyListener(), config.shallow());
        this.submodules = new SubmoduleMounts(config.submodules(), config.allowFile());
    }

    /** @return a builder with safe defaults */
    public static GitSourceBuilder builder() {
        return new GitSourceBuilder();
    }

    /** Counters for tests and benchmarks. @param lsRemotes ref advertisements requested @param fetches fetches run */
    public record Stats(int lsRemotes, int fetches) {}

    /** @return how many ls-remote round trips and fetches ran so far, over all mirrors */
    public Stats stats() {
        int ls = 0;
        int f = 0;
        for (Mirror m : mirrors.values()) {
            ls += m.lsRemotes.get();
            f += m.fetches.get();
        }
        return new Stats(ls, f);
    }

    /** @return the last history rewrite seen for this spec's repository and ref, if any */
    public Optional<HistoryRewrite> lastRewrite(SourceSpec spec) {
        return history.lastRewrite(url(spec), spec.ref());
    }

    /**
     * Accepts a rewritten history for this spec (after a {@code REFUSE}d rewrite was reviewed): the next resolve
     * follows the ref wherever it points and records that as the new baseline. No network access.
     */
    public void acceptHistory(SourceSpec spec) {
        GitUrl url = url(spec);
        history.accept(mirror(url), url, spec.ref());
        resolutions.forget(url, spec.ref());
    }

    /** @return the directory of the bare mirror for this spec's URL (it may not exist yet) */
    public Path mirrorDirectory(SourceSpec spec) {
        return config.cacheDir().resolve(url(spec).mirrorName());
    }

    /** @return a writer pushing to repositories with this source's credentials, policy and mirrors */
    public GitWriter writer() {
        return new GitWriter(this);
    }

    /** @return true for {@code https}, {@code http}, {@code ssh}, {@code git} and scp-style URLs; {@code file:} only
     *     when allowed. Malformed or refused URLs are claimed too, so {@link #resolve} reports them as POLICY. */
    @Override
    public boolean supports(SourceSpec spec) {
        return !spec.isLocal() || config.allowFile();
    }

    /** Resolves with a ref check that begins now or later: {@code resolve(spec, System.nanoTime())}. */
    @Override
    public Revision resolve(SourceSpec spec) {
        return resolve(spec, System.nanoTime());
    }

    /**
     * {@inheritDoc}
     *
     * <p>The ls-remote round trip is shared by every call that asked before it began, per repository (GS-22). When
     * that check names the object the last resolve of the same ref found, the signature policy for the spec equals
     * the one it was verified under and the mirror is still there, the peeled commit is reused instead of read and
     * verified again (a commit id names immutable content); the history check (a no-op while the recorded commit is
     * the same) and submodules run as always. A ref that moved or was force-pushed, another policy, a mirror deleted
     * on disk (opened anew and fetched again) or credentials that no longer work (the check fails) never reuse it.
     */
    @Override
    public Revision resolve(SourceSpec spec, long askedAt) {
        GitUrl url = url(spec);
        Mirror mirror = connect(url);
        Advertised adv = mirror.advertised(connector, config.budget(), cachePath(), askedAt);
        RefResolver.Resolved r = RefResolver.resolve(url, spec.ref(), adv);
        SignaturePolicy policy = Optional.ofNullable(config.signatures().apply(spec)).orElse(SignaturePolicy.none());
        Optional<Resolutions.Known> known = resolutions.find(url, spec.ref(), r, policy);
        Peeled peeled;
        if (known.isPresent() && mirror.has(r.target())) {
            Resolutions.Known k = known.get();
            peeled = new Peeled(k.commit(), k.tag(), k.tree());
        } else {
            peeled = fetchAndPeel(mirror, url, spec, r);
            verifySignature(policy, mirror, url, r.name(), peeled);
        }
        history.advance(mirror, url, spec.ref(), peeled.commit);
        submodules.mounts(mirror.repository(), url, peeled.tree, this::submodule);
        if (known.isPresent()) {
            return known.get().resolved();
        }
        Revision resolved = new Revision(r.name(), peeled.commit.name());
        resolutions.remember(url, spec.ref(), new Resolutions.Known(r.name(), r.target(), policy, peeled.commit,
                peeled.tag, peeled.tree, resolved));
        return resolved;
    }

    /** Fetches the resolved object when the mirror lacks it, and peels it to a commit. */
    private Peeled fetchAndPeel(Mirror mirror, GitUrl url, SourceSpec spec, RefResolver.Resolved r) {
        ObjectId target = r.target();
        if (!mirror.has(target)) {
            if (r.advertised()) {
                int depth = !config.shallow() ? 0
                        : history.hasPrevious(mirror, spec.ref()) ? HistoryGuard.SHALLOW_WINDOW : 1;
                mirror.fetch(connector, List.of(r.name()), target, depth, config.budget(), cachePath());
            } else {
                fetchEverything(mirror, url, target);
            }
        }
        if (!mirror.has(target)) {
            throw new SourceException(Reason.NOT_FOUND, url + ": " + (r.advertised() ? r.name() : "commit "
                    + target.name()) + " is not available from the server");
        }
        return peel(mirror, url, target, r.name());
    }

    @Override
    public Snapshot open(SourceSpec spec, Revision revision) {
        if (!revision.isResolved()) {
            throw new IllegalArgumentException("revision " + revision + " is not resolved");
        }
        GitUrl url = url(spec);
        Mirror mirror = mirror(url);
        ObjectId id = ObjectId.fromString(revision.id());
        if (!mirror.has(id)) {
            checkPolicy(url);
            fetchEverything(mirror, url, id);
            if (!mirror.has(id)) {
                throw new SourceException(Reason.NOT_FOUND, url + ": revision " + revision + " is not available");
            }
        }
        ObjectId tag = null;
        try {
            org.eclipse.jgit.lib.Ref local = mirror.repository().exactRef(revision.ref());
            if (local != null && !local.getObjectId().equals(id)) {
                Peeled p = peel(mirror, url, local.getObjectId(), revision.ref());
                tag = p.commit.equals(id) ? p.tag : null;
            }
        } catch (IOException e) {
            throw new SourceException(Reason.IO, url + ": cannot read " + revision.ref());
        }
        Peeled peeled = peel(mirror, url, id, revision.ref());
        verifySignature(config.signatures().apply(spec), mirror, url, revision.ref(),
                new Peeled(peeled.commit, tag, peeled.tree));
        return new GitSnapshot(mirror.repository(), revision, peeled.tree,
                submodules.mounts(mirror.repository(), url, peeled.tree, this::submodule), config.budget());
    }

    /**
     * {@inheritDoc}
     *
     * <p>Reads the mirror only, never the network: a commit the mirror lacks (or one beyond a shallow mirror's
     * window) is not known to be an ancestor.
     */
    @Override
    public boolean isAncestor(SourceSpec spec, String older, String newer) {
        if (older.equals(newer)) {
            return true;
        }
        GitUrl url = url(spec);
        Mirror mirror = mirror(url);
        ObjectId a = ObjectId.fromString(older);
        ObjectId b = ObjectId.fromString(newer);
        if (!mirror.has(a) || !mirror.has(b)) {
            return false;
        }
        try (RevWalk walk = new RevWalk(mirror.repository())) {
            return walk.isMergedInto(walk.parseCommit(a), walk.parseCommit(b));
        } catch (IOException e) {
            throw new SourceException(Reason.IO, url + ": cannot read the history between " + older.substring(0, 12)
                    + " and " + newer.substring(0, 12) + " (" + e.getClass().getSimpleName() + ")");
        }
    }

    private void fetchEverything(Mirror mirror, GitUrl url, ObjectId wanted) {
        mirror.fetch(connector, List.of("refs/heads/*", "refs/tags/*"), wanted, 0, config.budget(), cachePath());
        if (!mirror.has(wanted)) {
            try {
                mirror.fetch(connector, List.of(wanted.name()), wanted, config.shallow() ? 1 : 0, config.budget(),
                        cachePath());
            } catch (SourceException e) {
                if (e.reason() == Reason.LIMIT || e.reason() == Reason.UNAUTHORIZED) {
                    throw e;
                }
            }
        }
    }

    /** Makes a submodule commit available in that URL's own mirror (policy checked before any network access). */
    private org.eclipse.jgit.lib.Repository submodule(GitUrl url, ObjectId commit) {
        Mirror m = mirror(url);
        if (!m.has(commit)) {
            checkPolicy(url);
            fetchEverything(m, url, commit);
            if (!m.has(commit)) {
                throw new SourceException(Reason.NOT_FOUND, url + ": commit " + commit.name()
                        + " is not available from the server");
            }
        }
        return m.repository();
    }

    private record Peeled(ObjectId commit, ObjectId tag, ObjectId tree) {}

    private Peeled peel(Mirror mirror, GitUrl url, ObjectId target, String name) {
        try (RevWalk walk = new RevWalk(mirror.repository())) {
            RevObject o = mirror.parse(walk, target).orElseThrow(() -> new SourceException(Reason.NOT_FOUND,
                    url + ": " + name + " points at a missing object"));
            ObjectId tag = null;
            int depth = 0;
            while (o instanceof RevTag t && depth++ < 10) {
                tag = tag == null ? t.copy() : tag;
                o = walk.peel(t);
            }
            if (!(o instanceof RevCommit c)) {
                throw new SourceException(Reason.INVALID_REF, url + ": " + name + " does not point at a commit");
            }
            walk.parseHeaders(c);
            return new Peeled(c.copy(), tag, c.getTree().copy());
        } catch (IOException e) {
            throw new SourceException(Reason.IO, url + ": cannot read " + name + " (" + e.getClass().getSimpleName()
                    + ")");
        }
    }

    /** A verification that passed: the policy (by equality, never by hash alone) and what it checked. */
    private record Verified(SignaturePolicy policy, ObjectId commit, ObjectId tag) {}

    private void verifySignature(SignaturePolicy policy, Mirror mirror, GitUrl url, String name, Peeled peeled) {
        if (policy == null || !policy.isRequired()) {
            return;
        }
        Verified key = new Verified(policy, peeled.commit, peeled.tag);
        if (verified.getIfPresent(key) != null) {
            return;
        }
        SignatureCheck.verify(mirror.repository(), url, name, peeled.commit, peeled.tag, policy);
        verified.put(key, Boolean.TRUE);
    }

    /** The spec's URL, parsed once per text (parsing is deterministic; a refused URL is not remembered). */
    private GitUrl url(SourceSpec spec) {
        return urls.get(spec.url(), text -> GitUrl.parse(text, config.allowFile()));
    }

    private Mirror connect(GitUrl url) {
        checkPolicy(url);
        return presentMirror(url);
    }

    private Mirror mirror(GitUrl url) {
        if (closed) {
            throw new IllegalStateException("GitSource is closed");
        }
        return mirrors.computeIfAbsent(url.key(), k -> Mirror.open(config.cacheDir(), url));
    }

    /** The mirror for a resolve: one deleted on disk meanwhile is closed and opened anew (empty, fetched again). */
    private Mirror presentMirror(GitUrl url) {
        Mirror m = mirror(url);
        if (m.isPresent()) {
            return m;
        }
        return mirrors.compute(url.key(), (k, old) -> {
            if (old != null && old.isPresent()) {
                return old;
            }
            Mirror fresh = Mirror.open(config.cacheDir(), url);
            if (old != null) {
                old.close();
                fresh.lsRemotes.addAndGet(old.lsRemotes.get());   // stats() counts over the source's life
                fresh.fetches.addAndGet(old.fetches.get());
            }
            return fresh;
        });
    }

    private void checkPolicy(GitUrl url) {
        List<InetAddress> addresses = List.of();
        if (!url.host().isEmpty()) {
            String host = url.host().startsWith("[") ? url.host().substring(1, url.host().length() - 1) : url.host();
            try {
                addresses = List.of(InetAddress.getAllByName(host));
            } catch (UnknownHostException e) {
                throw new SourceException(Reason.UNAVAILABLE, url + ": host not found");
            }
        }
        Optional<String> refusal = config.urlPolicy().check(url, addresses);
        if (refusal.isPresent()) {
            throw new SourceException(Reason.POLICY, url + ": refused by the URL policy: " + refusal.get());
        }
    }

    private String cachePath() {
        return config.cacheDir().toAbsolutePath().toString();
    }

    GitSourceConfig config() {
        return config;
    }

    Connector connector() {
        return connector;
    }

    Mirror mirrorFor(GitUrl url) {
        return connect(url);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        mirrors.values().forEach(Mirror::close);
        mirrors.clear();
        config.onClose().run();
    }
}
