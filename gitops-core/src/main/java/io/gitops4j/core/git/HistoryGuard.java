package io.gitops4j.core.git;

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
 * objects stay openable, GS-09) and detects a ref that moved to a commit not descending from it (GS-10). In shallow
 * mode ancestry is unknown, so no rewrite is reported.
 */
final class HistoryGuard {
    private final HistoryRewrite.Policy policy;
    private final Consumer<HistoryRewrite> listener;
    private final boolean shallow;
    private final Map<String, HistoryRewrite> last = new ConcurrentHashMap<>();

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
        if (previous.isPresent() && !shallow && mirror.has(previous.get())) {
            Optional<HistoryRewrite.Kind> kind = rewrite(mirror, url, previous.get(), current);
            if (kind.isPresent()) {
                HistoryRewrite rewrite = new HistoryRewrite(url.toString(), ref.toString(), previous.get().name(),
                        current.name(), kind.get());
                last.put(url.key() + " " + ref, rewrite);
                listener.accept(rewrite);
                if (policy == HistoryRewrite.Policy.REFUSE) {
                    throw new SourceException(Reason.POLICY, url + ": " + ref + " "
                            + (kind.get() == HistoryRewrite.Kind.WENT_BACK ? "went back" : "was force-pushed")
                            + " from " + previous.get().name().substring(0, 12) + " to "
                            + current.name().substring(0, 12) + "; refused by the history policy (the previous "
                            + "commit stays the last good one)");
                }
            }
        }
        mirror.markSeen(key, current);
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

    private static boolean isAncestor(Mirror mirror, ObjectId ancestor, ObjectId descendant) throws IOException {
        try (RevWalk walk = new RevWalk(mirror.repository())) {
            RevCommit a = walk.parseCommit(ancestor);
            RevCommit d = walk.parseCommit(descendant);
            return walk.isMergedInto(a, d);
        }
    }

    static String key(Ref ref) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(ref.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
