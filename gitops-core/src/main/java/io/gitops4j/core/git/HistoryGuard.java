package io.gitops4j.core.git;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.gitops4j.api.source.Ref;
import io.gitops4j.api.source.SourceException;
import io.gitops4j.api.source.SourceException.Reason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * Remembers the commit last resolved per (repository, ref) as a ref in the mirror (so it survives restarts and its
 * objects stay openable, GS-09) and detects a ref that moved to a commit not descending from it (GS-10).
 *
 * <p>Shallow mode: when a ref with a recorded previous commit moves, the source fetches the last
 * {@value #SHALLOW_WINDOW} commits of the new head instead of one. If the previous commit is among them, the move is a
 * fast-forward; if the new head is among the previous commit's fetched ancestors, the ref went back; if the new
 * head's whole history was fetched (it reaches a root) without meeting the previous commit, it was force-pushed.
 * Otherwise (more than {@value #SHALLOW_WINDOW} new commits, or a rewrite deeper than that) the move is reported as
 * {@link HistoryRewrite.Kind#UNVERIFIED}, which the {@code REFUSE} policy refuses like any other rewrite.
 */
final class HistoryGuard {
    /** Commits fetched in shallow mode when a followed ref moves, to check the move against the previous commit. */
    static final int SHALLOW_WINDOW = 64;

    private final HistoryRewrite.Policy policy;
    private final Consumer<HistoryRewrite> listener;
    private final boolean shallow;
    private final Map<String, HistoryRewrite> last = new ConcurrentHashMap<>();
    /** The record names of the refs resolved lately: a pure function of the ref, so kept (bounded, LRU). */
    private static final Cache<Ref, String> KEYS = Caffeine.newBuilder().maximumSize(10_000).build();

    HistoryGuard(HistoryRewrite.Policy policy, Consumer<HistoryRewrite> listener, boolean shallow) {
        this.policy = policy;
        this.listener = listener;
        this.shallow = shallow;
    }

    /** Checks the move from the last resolved commit to {@code current} and records {@code current} when allowed. */
    void advance(Mirror mirror, GitUrl url, Ref ref, ObjectId current) {
        if (ref.type() == Ref.Type.COMMIT) {
            return;
        }
        String key = key(ref);
        Optional<ObjectId> previous = mirror.seen(key);
        if (previous.isPresent() && previous.get().equals(current)) {
            return;
        }
        if (previous.isPresent() && mirror.has(previous.get())) {
            Optional<HistoryRewrite.Kind> kind = shallow ? shallowRewrite(mirror, url, previous.get(), current)
                    : rewrite(mirror, url, previous.get(), current);
            if (kind.isPresent()) {
                HistoryRewrite rewrite = new HistoryRewrite(url.toString(), ref.toString(), previous.get().name(),
                        current.name(), kind.get());
                last.put(url.key() + " " + ref, rewrite);
                listener.accept(rewrite);
                if (policy == HistoryRewrite.Policy.REFUSE) {
                    throw new SourceException(Reason.POLICY, url + ": " + ref + " "
                            + describe(kind.get())
                            + " from " + previous.get().name().substring(0, 12) + " to "
                            + current.name().substring(0, 12) + "; refused by the history policy (the previous "
                            + "commit stays the last good one)");
                }
            }
        }
        mirror.markSeen(key, current);
    }

    private static String describe(HistoryRewrite.Kind kind) {
        switch (kind) {
            case WENT_BACK:
                return "went back";
            case FORCE_PUSH:
                return "was force-pushed";
            default:
                return "moved to a commit whose ancestry the shallow fetch could not verify";
        }
    }

    /** @return true when a previous commit is recorded for this ref (shallow mode then fetches a window) */
    boolean hasPrevious(Mirror mirror, Ref ref) {
        return ref.type() != Ref.Type.COMMIT && mirror.seen(key(ref)).isPresent();
    }

    /** Forgets the last resolved commit, so the next resolve accepts whatever the ref points at. */
    void accept(Mirror mirror, GitUrl url, Ref ref) {
        mirror.forgetSeen(key(ref));
        last.remove(url.key() + " " + ref);
    }

    Optional<HistoryRewrite> lastRewrite(GitUrl url, Ref ref) {
        return Optional.ofNullable(last.get(url.key() + " " + ref));
    }

    private static Optional<HistoryRewrite.Kind> rewrite(Mirror mirror, GitUrl url, ObjectId previous,
            ObjectId current) {
        try {
            if (isAncestor(mirror, previous, current)) {
                return Optional.empty();
            }
            return Optional.of(isAncestor(mirror, current, previous) ? HistoryRewrite.Kind.WENT_BACK
                    : HistoryRewrite.Kind.FORCE_PUSH);
        } catch (IOException e) {
            throw new SourceException(Reason.IO, url + ": cannot compare history (" + e.getClass().getSimpleName()
                    + ")");
        }
    }

    private static Optional<HistoryRewrite.Kind> shallowRewrite(Mirror mirror, GitUrl url, ObjectId previous,
            ObjectId current) {
        try {
            java.util.Set<ObjectId> boundary = mirror.repository().getObjectDatabase().getShallowCommits();
            Reach fromCurrent = reach(mirror, current, previous, boundary);
            if (fromCurrent == Reach.FOUND) {
                return Optional.empty();
            }
            if (reach(mirror, previous, current, boundary) == Reach.FOUND) {
                return Optional.of(HistoryRewrite.Kind.WENT_BACK);
            }
            return Optional.of(fromCurrent == Reach.COMPLETE ? HistoryRewrite.Kind.FORCE_PUSH
                    : HistoryRewrite.Kind.UNVERIFIED);
        } catch (IOException e) {
            throw new SourceException(Reason.IO, url + ": cannot compare history (" + e.getClass().getSimpleName()
                    + ")");
        }
    }

    private enum Reach { FOUND, COMPLETE, CUT }

    /** Walks the local (possibly shallow) history of {@code from} looking for {@code target}. */
    private static Reach reach(Mirror mirror, ObjectId from, ObjectId target, java.util.Set<ObjectId> boundary)
            throws IOException {
        boolean cut = false;
        try (RevWalk walk = new RevWalk(mirror.repository())) {
            walk.markStart(walk.parseCommit(from));
            int seen = 0;
            for (RevCommit c = walk.next(); c != null; c = walk.next()) {
                if (c.equals(target)) {
                    return Reach.FOUND;
                }
                if (boundary.contains(c)) {
                    cut = true;
                }
                if (++seen > 4 * SHALLOW_WINDOW) {
                    cut = true;
                    break;
                }
            }
        } catch (org.eclipse.jgit.errors.MissingObjectException e) {
            cut = true;
        }
        return cut ? Reach.CUT : Reach.COMPLETE;
    }

    private static boolean isAncestor(Mirror mirror, ObjectId ancestor, ObjectId descendant) throws IOException {
        try (RevWalk walk = new RevWalk(mirror.repository())) {
            RevCommit a = walk.parseCommit(ancestor);
            RevCommit d = walk.parseCommit(descendant);
            return walk.isMergedInto(a, d);
        }
    }

    /** @return the name of the ref under {@link Mirror#SEEN} that records {@code ref}'s last commit (computed once) */
    static String key(Ref ref) {
        return KEYS.get(ref, HistoryGuard::digest);
    }

    private static String digest(Ref ref) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(ref.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
