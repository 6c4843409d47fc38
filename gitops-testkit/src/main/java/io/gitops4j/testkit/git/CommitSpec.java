package io.gitops4j.testkit.git;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.GpgSignature;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.TreeFormatter;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * One commit being described: starts from the branch head's tree, applies the edits, writes objects directly (no
 * working tree, no name validation, so hostile trees can be built on purpose), and moves the branch. Paths given as
 * strings are stored as UTF-8; {@link #addRaw} stores any bytes (for non-UTF-8 names, GS-15).
 */
public final class CommitSpec {
    private record Entry(FileMode mode, byte[] content, ObjectId id) {}

    private final TestRepo repo;
    private final String message;
    private final Map<String, Entry> edits = new LinkedHashMap<>();
    private String branch = "main";
    private String parent;
    private boolean orphan;
    private CommitSigner signer;

    CommitSpec(TestRepo repo, String message) {
        this.repo = repo;
        this.message = message;
    }

    /** Adds or changes a file. */
    public CommitSpec add(String path, String content) {
        return add(path, content.getBytes(StandardCharsets.UTF_8));
    }

    /** Adds or changes a file with raw bytes. */
    public CommitSpec add(String path, byte[] content) {
        edits.put(key(path), new Entry(FileMode.REGULAR_FILE, content.clone(), null));
        return this;
    }

    /**
     * Adds or changes a file whose path is given as raw bytes ({@code /}-separated), e.g. a Latin-1 name that is not
     * valid UTF-8.
     */
    public CommitSpec addRaw(byte[] path, byte[] content) {
        edits.put(new String(path, StandardCharsets.ISO_8859_1), new Entry(FileMode.REGULAR_FILE, content.clone(),
                null));
        return this;
    }

    /** Removes a file or directory. */
    public CommitSpec remove(String path) {
        edits.put(key(path), null);
        return this;
    }

    /** Adds a symbolic link whose target is {@code target} (written verbatim, may point anywhere). */
    public CommitSpec symlink(String path, String target) {
        edits.put(key(path), new Entry(FileMode.SYMLINK, target.getBytes(StandardCharsets.UTF_8), null));
        return this;
    }

    /** Adds a submodule entry (gitlink) pointing at a commit of another repository. */
    public CommitSpec submodule(String path, String commitId) {
        edits.put(key(path), new Entry(FileMode.GITLINK, null, ObjectId.fromString(commitId)));
        return this;
    }

    /** Paths are kept as their UTF-8 bytes, one char per byte, so raw names survive unchanged. */
    private static String key(String path) {
        return new String(path.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    /** Commits on another branch (created from {@link #parent} or as a root commit when missing). */
    public CommitSpec on(String branchName) {
        this.branch = branchName;
        return this;
    }

    /** Uses this commit as the parent instead of the branch head. */
    public CommitSpec parent(String commitId) {
        this.parent = commitId;
        return this;
    }

    /** Starts from an empty tree with no parent. */
    public CommitSpec orphan() {
        this.orphan = true;
        return this;
    }

    /** Signs the commit (OpenPGP or SSH). */
    public CommitSpec signedBy(CommitSigner commitSigner) {
        this.signer = commitSigner;
        return this;
    }

    /** Writes the commit and moves the branch to it. @return the commit id */
    public String create() {
        Repository r = repo.repository();
        try (ObjectInserter ins = r.newObjectInserter(); RevWalk walk = new RevWalk(r)) {
            String base = orphan ? null : parent != null ? parent : repo.head(branch).orElse(null);
            TreeMap<String, Entry> files = new TreeMap<>();
            RevCommit parentCommit = base == null ? null : walk.parseCommit(ObjectId.fromString(base));
            if (parentCommit != null) {
                try (TreeWalk tw = new TreeWalk(r)) {
                    tw.addTree(parentCommit.getTree());
                    tw.setRecursive(true);
                    while (tw.next()) {
                        files.put(new String(tw.getRawPath(), StandardCharsets.ISO_8859_1),
                                new Entry(tw.getFileMode(0), null, tw.getObjectId(0)));
                    }
                }
            }
            for (Map.Entry<String, Entry> e : edits.entrySet()) {
                if (e.getValue() == null) {
                    String prefix = e.getKey() + "/";
                    files.keySet().removeIf(k -> k.equals(e.getKey()) || k.startsWith(prefix));
                } else {
                    Entry v = e.getValue();
                    ObjectId id = v.id != null ? v.id : ins.insert(Constants.OBJ_BLOB, v.content);
                    files.put(e.getKey(), new Entry(v.mode, null, id));
                }
            }
            ObjectId tree = writeTree(ins, files, "");
            CommitBuilder cb = new CommitBuilder();
            cb.setTreeId(tree);
            if (parentCommit != null) {
                cb.setParentId(parentCommit);
            }
            cb.setAuthor(repo.nextIdent());
            cb.setCommitter(cb.getAuthor());
            cb.setMessage(message);
            if (signer != null) {
                cb.setGpgSignature(new GpgSignature(signer.sign(cb.build()).getBytes(StandardCharsets.US_ASCII)));
            }
            ObjectId id = ins.insert(cb);
            ins.flush();
            repo.branch(branch, id.name());
            return id.name();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectId writeTree(ObjectInserter ins, Map<String, Entry> files, String dir) throws IOException {
        Map<String, Entry> direct = new TreeMap<>();
        Map<String, Map<String, Entry>> subdirs = new TreeMap<>();
        for (Map.Entry<String, Entry> e : files.entrySet()) {
            String rest = dir.isEmpty() ? e.getKey() : e.getKey().substring(dir.length() + 1);
            int slash = rest.indexOf('/');
            if (slash < 0) {
                direct.put(rest, e.getValue());
            } else {
                subdirs.computeIfAbsent(rest.substring(0, slash), k -> new TreeMap<>()).put(e.getKey(), e.getValue());
            }
        }
        List<Object[]> entries = new ArrayList<>();
        for (Map.Entry<String, Entry> e : direct.entrySet()) {
            entries.add(new Object[] {e.getKey(), e.getValue().mode, e.getValue().id});
        }
        for (Map.Entry<String, Map<String, Entry>> e : subdirs.entrySet()) {
            String sub = dir.isEmpty() ? e.getKey() : dir + "/" + e.getKey();
            entries.add(new Object[] {e.getKey(), FileMode.TREE, writeTree(ins, e.getValue(), sub)});
        }
        entries.sort((a, b) -> compareGitOrder((String) a[0], a[1] == FileMode.TREE, (String) b[0],
                b[1] == FileMode.TREE));
        TreeFormatter f = new TreeFormatter();
        for (Object[] e : entries) {
            f.append(((String) e[0]).getBytes(StandardCharsets.ISO_8859_1), (FileMode) e[1], (ObjectId) e[2]);
        }
        return ins.insert(f);
    }

    private static int compareGitOrder(String a, boolean aTree, String b, boolean bTree) {
        byte[] x = (a + (aTree ? "/" : "")).getBytes(StandardCharsets.ISO_8859_1);
        byte[] y = (b + (bTree ? "/" : "")).getBytes(StandardCharsets.ISO_8859_1);
        return Arrays.compareUnsigned(x, y);
    }
}
