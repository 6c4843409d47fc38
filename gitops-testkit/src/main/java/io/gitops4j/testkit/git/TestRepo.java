package io.gitops4j.testkit.git;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.jgit.internal.storage.file.FileRepository;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.TagBuilder;
import org.eclipse.jgit.merge.MergeStrategy;
import org.eclipse.jgit.merge.ResolveMerger;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * A bare repository built in a few lines for tests: commits with added, changed and removed files, symlinks,
 * submodule entries and deliberately hostile names, branches, tags, merges, force pushes and signed commits.
 * Served by {@link GitFixtures}' servers under its {@link #name()}.
 */
public final class TestRepo implements AutoCloseable {
    static final PersonIdent AUTHOR = new PersonIdent("Fixture", "fixture@example.com", 1_700_000_000_000L, 0);
    private final String name;
    private final Path dir;
    private final Repository repo;
    private long clock = AUTHOR.getWhen().getTime();

    TestRepo(String name, Path dir) {
        this.name = name;
        this.dir = dir;
        try {
            this.repo = new FileRepository(dir.toFile());
            repo.create(true);
            repo.getConfig().setBoolean("http", null, "receivepack", true);
            repo.getConfig().setBoolean("daemon", null, "receivepack", true);
            repo.getConfig().save();
            RefUpdate head = repo.updateRef(Constants.HEAD);
            head.link(Constants.R_HEADS + "main");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the repository name, {@code NAME.git} on servers */
    public String name() {
        return name;
    }

    /** @return the bare repository directory */
    public Path directory() {
        return dir;
    }

    /** @return the {@code file://} URL of this repository */
    public String fileUrl() {
        return "file://" + dir.toAbsolutePath();
    }

    /** @return the JGit repository (for assertions) */
    public Repository repository() {
        return repo;
    }

    /** @return a commit on {@code main} with the given message; finish with {@link CommitSpec#create()} */
    public CommitSpec commit(String message) {
        return new CommitSpec(this, message);
    }

    /** @return the commit id a branch points at, or empty */
    public Optional<String> head(String branch) {
        return id(Constants.R_HEADS + branch);
    }

    /** @return the id a full ref points at, or empty */
    public Optional<String> id(String fullRef) {
        try {
            org.eclipse.jgit.lib.Ref r = repo.exactRef(fullRef);
            return r == null ? Optional.empty() : Optional.of(r.getObjectId().name());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Creates or moves a branch to a commit (a force push when it moves backwards or sideways). */
    public TestRepo branch(String branch, String commitId) {
        return setRef(Constants.R_HEADS + branch, commitId);
    }

    /** Moves a branch to a commit regardless of history: a force push. */
    public TestRepo reset(String branch, String commitId) {
        return setRef(Constants.R_HEADS + branch, commitId);
    }

    /** Sets any full ref, e.g. {@code refs/pull/7/head}. */
    public TestRepo setRef(String fullRef, String commitId) {
        try {
            RefUpdate u = repo.updateRef(fullRef);
            u.setNewObjectId(ObjectId.fromString(commitId));
            u.setForceUpdate(true);
            RefUpdate.Result r = u.update();
            if (r == RefUpdate.Result.LOCK_FAILURE || r == RefUpdate.Result.REJECTED
                    || r == RefUpdate.Result.IO_FAILURE) {
                throw new IllegalStateException("cannot set " + fullRef + ": " + r);
            }
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes a branch. */
    public TestRepo deleteBranch(String branch) {
        try {
            RefUpdate u = repo.updateRef(Constants.R_HEADS + branch);
            u.setForceUpdate(true);
            u.delete();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Creates a lightweight tag. */
    public TestRepo tag(String tag, String commitId) {
        return setRef(Constants.R_TAGS + tag, commitId);
    }

    /** Creates an annotated tag, signed when {@code signer} is not null. @return the tag object id */
    public String annotatedTag(String tag, String commitId, String message, CommitSigner signer) {
        try (ObjectInserter ins = repo.newObjectInserter()) {
            TagBuilder tb = new TagBuilder();
            tb.setObjectId(ObjectId.fromString(commitId), Constants.OBJ_COMMIT);
            tb.setTag(tag);
            tb.setTagger(nextIdent());
            tb.setMessage(message.endsWith("\n") ? message : message + "\n");
            if (signer != null) {
                byte[] unsigned = tb.build();
                tb.setMessage(tb.getMessage() + signer.sign(unsigned));
            }
            ObjectId id = ins.insert(tb);
            ins.flush();
            setRef(Constants.R_TAGS + tag, id.name());
            return id.name();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Merges branch {@code from} into {@code into} with a merge commit (in memory, no working tree). */
    public String merge(String into, String from, String message) {
        try (ObjectInserter ins = repo.newObjectInserter(); RevWalk walk = new RevWalk(repo)) {
            RevCommit ours = walk.parseCommit(repo.resolve(Constants.R_HEADS + into));
            RevCommit theirs = walk.parseCommit(repo.resolve(Constants.R_HEADS + from));
            ResolveMerger merger = (ResolveMerger) MergeStrategy.RECURSIVE.newMerger(repo, true);
            if (!merger.merge(ours, theirs)) {
                throw new IllegalStateException("merge conflict");
            }
            org.eclipse.jgit.lib.CommitBuilder cb = new org.eclipse.jgit.lib.CommitBuilder();
            cb.setTreeId(merger.getResultTreeId());
            cb.setParentIds(ours, theirs);
            cb.setAuthor(nextIdent());
            cb.setCommitter(cb.getAuthor());
            cb.setMessage(message);
            ObjectId id = ins.insert(cb);
            ins.flush();
            branch(into, id.name());
            return id.name();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    PersonIdent nextIdent() {
        clock += 1000;
        return new PersonIdent(AUTHOR, clock, 0);
    }

    @Override
    public void close() {
        repo.close();
    }
}
