package io.gitops4j.core.git;

import io.gitops4j.api.source.Revision;
import io.gitops4j.api.source.SnapshotPaths;
import io.gitops4j.api.source.SourceException;
import io.gitops4j.api.source.SourceException.Reason;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEditor;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.TagBuilder;
import org.eclipse.jgit.merge.MergeStrategy;
import org.eclipse.jgit.merge.ResolveMerger;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RemoteRefUpdate;

/**
 * Writes back to a repository through the same mirrors, credentials and URL policy as its {@link GitSource}: commits
 * a set of file changes to a branch, creates annotated tags, reverts a commit. Objects are built in the mirror's
 * object database (no working tree); the push is a compare-and-swap on the branch head, retried on a concurrent
 * change (up to {@value #ATTEMPTS} attempts) and otherwise failing with {@link Reason#CONFLICT}.
 *
 * <p>Thread-safe; every call blocks on the network.
 */
public final class GitWriter {
    static final int ATTEMPTS = 6;
    private final GitSource source;

    GitWriter(GitSource source) {
        this.source = source;
    }

    /** One file change of a commit. */
    public sealed interface Change {
        /** @return the repo-relative path */
        String path();

        /** @return a change writing {@code content} to {@code path} (add or modify) */
        static Change put(String path, byte[] content) {
            return new Put(path, content);
        }

        /** @return a change removing {@code path} */
        static Change delete(String path) {
            return new Delete(path);
        }
    }

    /** Adds or replaces a file. @param path repo-relative path @param content the new content */
    public record Put(String path, byte[] content) implements Change {
        /** Validates and copies. */
        public Put {
            path = checkedPath(path);
            content = Objects.requireNonNull(content, "content").clone();
        }

        @Override
        public byte[] content() {
            return content.clone();
        }
    }

    /** Removes a file (nothing when missing). @param path repo-relative path */
    public record Delete(String path) implements Change {
        /** Validates. */
        public Delete {
            path = checkedPath(path);
        }
    }

    /**
     * Commits the changes on top of the branch head and pushes with compare-and-swap, rebuilding on the new head
     * when someone else pushed in between.
     *
     * @return the new revision, or the current head when the changes change nothing
     * @throws SourceException {@code CONFLICT} when the branch kept moving, or a transport reason
     */
    public Revision commit(String url, String branch, List<Change> changes, String message, PersonIdent author) {
        List<Change> copy = List.copyOf(changes);
        String ref = Constants.R_HEADS + branch;
        return withRetries(url, ref, (mirror, head) -> {
            Repository repo = mirror.repository();
            try (ObjectInserter ins = repo.newObjectInserter(); ObjectReader reader = repo.newObjectReader();
                    RevWalk walk = new RevWalk(reader)) {
                RevCommit parent = head == null ? null : walk.parseCommit(head);
                DirCache index = DirCache.newInCore();
                if (parent != null) {
                    DirCacheBuilder b = index.builder();
                    b.addTree(new byte[0], 0, reader, parent.getTree());
                    b.finish();
                }
                DirCacheEditor editor = index.editor();
                for (Change c : copy) {
                    if (c instanceof Put put) {
                        ObjectId blob = ins.insert(Constants.OBJ_BLOB, put.content());
                        editor.add(new DirCacheEditor.PathEdit(put.path()) {
                            @Override
                            public void apply(DirCacheEntry ent) {
                                ent.setFileMode(FileMode.REGULAR_FILE);
                                ent.setObjectId(blob);
                            }
                        });
                    } else {
                        editor.add(new DirCacheEditor.DeletePath(c.path()));
                    }
                }
                editor.finish();
                ObjectId tree = index.writeTree(ins);
                if (parent != null && tree.equals(parent.getTree())) {
                    return null;
                }
                ObjectId commit = insertCommit(ins, tree, parent, message, author);
                ins.flush();
                return commit;
            }
        });
    }

    /**
     * Creates a commit that undoes {@code commitId} on top of the branch head (three-way merge in memory).
     *
     * @throws SourceException {@code CONFLICT} when later changes conflict with the revert
     */
    public Revision revert(String url, String branch, String commitId, String message, PersonIdent author) {
        String ref = Constants.R_HEADS + branch;
        ObjectId target = ObjectId.fromString(commitId);
        return withRetries(url, ref, (mirror, head) -> {
            Repository repo = mirror.repository();
            if (head == null) {
                throw new SourceException(Reason.NOT_FOUND, url + ": branch " + branch + " not found");
            }
            try (ObjectInserter ins = repo.newObjectInserter(); RevWalk walk = new RevWalk(repo)) {
                RevCommit undo = walk.parseCommit(target);
                if (undo.getParentCount() == 0) {
                    throw new SourceException(Reason.UNSUPPORTED, url + ": cannot revert a root commit");
                }
                RevCommit parentOfUndo = walk.parseCommit(undo.getParent(0));
                RevCommit current = walk.parseCommit(head);
                ResolveMerger merger = (ResolveMerger) MergeStrategy.RECURSIVE.newMerger(repo, true);
                merger.setBase(undo.getTree());
                if (!merger.merge(current, parentOfUndo)) {
                    throw new SourceException(Reason.CONFLICT, url + ": reverting " + commitId.substring(0, 12)
                            + " conflicts with later changes on " + branch);
                }
                ObjectId commit = insertCommit(ins, merger.getResultTreeId(), current, message, author);
                ins.flush();
                return commit;
            }
        });
    }

    /**
     * Creates an annotated tag on a commit and pushes it; never moves an existing tag.
     *
     * @throws SourceException {@code CONFLICT} when the tag exists
     */
    public Revision tag(String url, String name, String commitId, String message, PersonIdent tagger) {
        String ref = Constants.R_TAGS + name;
        if (!Repository.isValidRefName(ref)) {
            throw new SourceException(Reason.INVALID_REF, "'" + name + "' is not a valid tag name");
        }
        GitUrl gitUrl = GitUrl.parse(url, source.config().allowFile());
        Mirror mirror = source.mirrorFor(gitUrl);
        ObjectId commit = ObjectId.fromString(commitId);
        Advertised adv = mirror.advertised(source.connector(), source.config().budget(), "", System.nanoTime());
        if (adv.ids().containsKey(ref)) {
            throw new SourceException(Reason.CONFLICT, gitUrl + ": tag " + name + " already exists");
        }
        if (!mirror.has(commit)) {
            mirror.fetch(source.connector(), List.of("refs/heads/*", "refs/tags/*"), commit, 0,
                    source.config().budget(), "");
        }
        try (ObjectInserter ins = mirror.repository().newObjectInserter()) {
            TagBuilder tb = new TagBuilder();
            tb.setObjectId(commit, Constants.OBJ_COMMIT);
            tb.setTag(name);
            tb.setTagger(tagger);
            tb.setMessage(message);
            ObjectId tagId = ins.insert(tb);
            ins.flush();
            RemoteRefUpdate.Status status = push(mirror, gitUrl, tagId, ref, ObjectId.zeroId());
            if (status != RemoteRefUpdate.Status.OK) {
                throw new SourceException(status == RemoteRefUpdate.Status.REJECTED_REMOTE_CHANGED
                        ? Reason.CONFLICT : Reason.UNAVAILABLE, gitUrl + ": pushing tag " + name + " failed: " + status);
            }
            return new Revision(ref, commit.name());
        } catch (IOException e) {
            throw new SourceException(Reason.IO, gitUrl + ": cannot create tag " + name);
        }
    }

    /** Builds the new commit on a head (null for a new branch); returns null when there is nothing to commit. */
    private interface Build {
        ObjectId on(Mirror mirror, ObjectId head) throws IOException;
    }

    private Revision withRetries(String url, String ref, Build build) {
        GitUrl gitUrl = GitUrl.parse(url, source.config().allowFile());
        Mirror mirror = source.mirrorFor(gitUrl);
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            Advertised adv = mirror.advertised(source.connector(), source.config().budget(), "", System.nanoTime());
            ObjectId head = adv.ids().get(ref);
            if (head != null && !mirror.has(head)) {
                mirror.fetch(source.connector(), List.of(ref), head, 0, source.config().budget(), "");
            }
            ObjectId commit;
            try {
                commit = build.on(mirror, head);
            } catch (IOException e) {
                throw new SourceException(Reason.IO, gitUrl + ": cannot build the commit ("
                        + e.getClass().getSimpleName() + ")");
            }
            if (commit == null) {
                return new Revision(ref, head.name());
            }
            RemoteRefUpdate.Status status = push(mirror, gitUrl, commit, ref, head == null ? ObjectId.zeroId() : head);
            if (status == RemoteRefUpdate.Status.OK || status == RemoteRefUpdate.Status.UP_TO_DATE) {
                return new Revision(ref, commit.name());
            }
            if (status != RemoteRefUpdate.Status.REJECTED_REMOTE_CHANGED
                    && status != RemoteRefUpdate.Status.REJECTED_NONFASTFORWARD
                    && status != RemoteRefUpdate.Status.REJECTED_OTHER_REASON) {
                throw new SourceException(Reason.UNAVAILABLE, gitUrl + ": push to " + ref + " failed: " + status);
            }
            try {
                Thread.sleep(ThreadLocalRandom.current().nextLong(5, 20L * attempt));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SourceException(Reason.UNAVAILABLE, gitUrl + ": interrupted while retrying a push");
            }
        }
        throw new SourceException(Reason.CONFLICT, gitUrl + ": " + ref + " kept moving; gave up after " + ATTEMPTS
                + " attempts");
    }

    private RemoteRefUpdate.Status push(Mirror mirror, GitUrl url, ObjectId newId, String ref, ObjectId expected) {
        BudgetMonitor monitor = new BudgetMonitor(source.config().budget(), mirror.directory().resolve("objects"));
        try (Connector.Connection c = source.connector().open(mirror.repository(), url, monitor)) {
            RemoteRefUpdate update = new RemoteRefUpdate(mirror.repository(), newId.name(), ref, false, null,
                    expected);
            PushResult result = c.transport.push(monitor, List.of(update));
            return result.getRemoteUpdate(ref).getStatus();
        } catch (IOException | RuntimeException e) {
            throw TransportFailures.map(url, "push", e, source.connector().secretsFor(url),
                    source.config().cacheDir().toAbsolutePath().toString(), monitor);
        }
    }

    private static ObjectId insertCommit(ObjectInserter ins, ObjectId tree, RevCommit parent, String message,
            PersonIdent author) throws IOException {
        CommitBuilder cb = new CommitBuilder();
        cb.setTreeId(tree);
        if (parent != null) {
            cb.setParentId(parent);
        }
        cb.setAuthor(author);
        cb.setCommitter(author);
        cb.setMessage(message);
        return ins.insert(cb);
    }

    private static String checkedPath(String path) {
        String p = SnapshotPaths.normalize(Objects.requireNonNull(path, "path"));
        if (p.isEmpty()) {
            throw new IllegalArgumentException("a change needs a file path");
        }
        for (String segment : p.split("/")) {
            if (TreeNavigator.unsafeName(segment)) {
                throw new SourceException(Reason.PATH_ESCAPE, p, "path '" + p + "' uses a reserved name", null);
            }
        }
        return p;
    }
}
