package io.gitops4j.core.git;

import io.gitops4j.api.source.SourceException;
import io.gitops4j.api.source.SourceException.Reason;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.treewalk.CanonicalTreeParser;

/**
 * Finds entries in a commit's tree by path, straight from the object database, following symbolic links that stay
 * inside the tree (at most {@value #MAX_HOPS} hops, every path component checked). A link that leaves the tree, an
 * absolute link, or a longer chain fails with {@link Reason#PATH_ESCAPE}; the message names the requested path,
 * never the link target (GS-01, GS-02). Entry names that could be dangerous on disk ({@code .git} in any case or
 * Unicode disguise, {@code ..}, slashes, control characters) are refused (GS-03). Names that are not UTF-8 are
 * read losslessly ({@link TreeNames}, GS-15). A submodule (gitlink) listed in the mounts is entered as a directory
 * whose entries come from the submodule's own mirror; other gitlinks stay {@link Node#isSubmodule() submodules}.
 */
final class TreeNavigator {
    static final int MAX_HOPS = 10;
    private static final int MAX_LINK_BYTES = 4096;

    /**
     * One tree entry.
     *
     * @param path repo-relative path where it was found
     * @param mode its Git file mode
     * @param id its object id
     * @param repo the repository holding the object (the superproject, or a mounted submodule's mirror)
     */
    record Node(String path, FileMode mode, ObjectId id, Repository repo) {
        boolean isTree() {
            return mode == FileMode.TREE;
        }

        boolean isLink() {
            return mode == FileMode.SYMLINK;
        }

        boolean isSubmodule() {
            return mode == FileMode.GITLINK;
        }

        boolean isFile() {
            return mode == FileMode.REGULAR_FILE || mode == FileMode.EXECUTABLE_FILE;
        }

        String name() {
            int slash = path.lastIndexOf('/');
            return slash < 0 ? path : path.substring(slash + 1);
        }
    }

    /**
     * A submodule entered as a directory.
     *
     * @param repo the submodule's mirror
     * @param tree the tree of the commit the gitlink records
     */
    record Mount(Repository repo, ObjectId tree) {}

    private final Node root;
    private final Map<String, Mount> mounts;

    TreeNavigator(Repository repo, ObjectId rootTree, Map<String, Mount> mounts) {
        this.root = new Node("", FileMode.TREE, rootTree, repo);
        this.mounts = Map.copyOf(mounts);
    }

    /** @return the submodules entered as directories, by repo-relative path */
    Map<String, Mount> mounts() {
        return mounts;
    }

    Node root() {
        return root;
    }

    /**
     * @param path a normalized repo-relative path
     * @param followLast whether a link as the last component is followed too
     * @return the entry, or empty when some component does not exist
     */
    Optional<Node> lookup(ObjectReaders reader, String path, boolean followLast) throws IOException {
        Deque<String> todo = new ArrayDeque<>(split(path));
        List<Node> dirs = new ArrayList<>();
        dirs.add(root);
        int hops = 0;
        while (!todo.isEmpty()) {
            String name = todo.removeFirst();
            if (name.isEmpty() || name.equals(".")) {
                continue;
            }
            if (name.equals("..")) {
                if (dirs.size() == 1) {
                    throw escape(path, "a symbolic link leaves the tree");
                }
                dirs.remove(dirs.size() - 1);
                continue;
            }
            if (unsafeName(name)) {
                throw escape(path, "uses a reserved or unsafe name");
            }
            Node dir = dirs.get(dirs.size() - 1);
            Node child = find(reader, dir, name);
            if (child == null) {
                return Optional.empty();
            }
            if (child.isLink() && (!todo.isEmpty() || followLast)) {
                if (++hops > MAX_HOPS) {
                    throw escape(path, "follows more than " + MAX_HOPS + " symbolic links (a chain or a loop)");
                }
                String target = linkTarget(reader, child);
                if (target.isEmpty() || target.startsWith("/") || target.contains("\\")
                        || target.matches("^[A-Za-z]:.*") || target.chars().anyMatch(Character::isISOControl)) {
                    throw escape(path, "a symbolic link leaves the tree");
                }
                List<String> parts = split(target);
                for (int i = parts.size() - 1; i >= 0; i--) {
                    todo.addFirst(parts.get(i));
                }
                continue;
            }
            if (!todo.isEmpty()) {
                if (child.isSubmodule()) {
                    String shown = shown(path);
                    throw new SourceException(Reason.UNSUPPORTED, shown, "path '" + shown + "' is inside the "
                            + "submodule '" + shown(child.path()) + "', whose URL is not in the source's allowed "
                            + "submodule URLs; it is not fetched", null);
                }
                if (!child.isTree()) {
                    return Optional.empty();
                }
                dirs.add(child);
                continue;
            }
            return Optional.of(child);
        }
        return Optional.of(dirs.get(dirs.size() - 1));
    }

    /** @return the entries of a tree in Git order; refuses unsafe names */
    List<Node> children(ObjectReaders readers, Node dir) throws IOException {
        List<Node> out = new ArrayList<>();
        CanonicalTreeParser p = new CanonicalTreeParser(null, readers.of(dir), dir.id());
        while (!p.eof()) {
            String name = TreeNames.decode(p.getEntryPathBuffer(), 0, p.getEntryPathLength());
            String childPath = dir.path().isEmpty() ? name : dir.path() + "/" + name;
            if (unsafeName(name)) {
                throw escape(childPath, "is a tree entry with a reserved or unsafe name");
            }
            out.add(node(dir, childPath, p));
            p.next();
        }
        return out;
    }

    private Node find(ObjectReaders readers, Node dir, String name) throws IOException {
        CanonicalTreeParser p = new CanonicalTreeParser(null, readers.of(dir), dir.id());
        while (!p.eof()) {
            if (TreeNames.decode(p.getEntryPathBuffer(), 0, p.getEntryPathLength()).equals(name)) {
                return node(dir, dir.path().isEmpty() ? name : dir.path() + "/" + name, p);
            }
            p.next();
        }
        return null;
    }

    private Node node(Node dir, String childPath, CanonicalTreeParser p) {
        FileMode mode = p.getEntryFileMode();
        if (mode == FileMode.GITLINK) {
            Mount m = mounts.get(childPath);
            if (m != null) {
                return new Node(childPath, FileMode.TREE, m.tree(), m.repo());
            }
        }
        return new Node(childPath, mode, p.getEntryObjectId(), dir.repo());
    }

    private static String linkTarget(ObjectReaders readers, Node link) throws IOException {
        ObjectReader reader = readers.of(link);
        if (reader.getObjectSize(link.id(), Constants.OBJ_BLOB) > MAX_LINK_BYTES) {
            throw escape(link.path(), "is a symbolic link with an oversized target");
        }
        byte[] target = reader.open(link.id(), Constants.OBJ_BLOB).getCachedBytes();
        return TreeNames.decode(target, 0, target.length);
    }

    static List<String> split(String path) {
        List<String> parts = new ArrayList<>();
        for (String s : path.split("/", -1)) {
            if (!s.isEmpty()) {
                parts.add(s);
            }
        }
        return parts;
    }

    /** @return true for names never to be used on disk: {@code .}, {@code ..}, {@code .git} variants, separators */
    static boolean unsafeName(String name) {
        if (name.isEmpty() || name.equals(".") || name.equals("..")) {
            return true;
        }
        StringBuilder visible = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '/' || c == '\\' || c == 0 || Character.isISOControl(c)) {
                return true;
            }
            if (!isIgnorable(c)) {
                visible.append(c);
            }
        }
        String n = visible.toString().toLowerCase(Locale.ROOT);
        while (n.endsWith(".") || n.endsWith(" ")) {
            n = n.substring(0, n.length() - 1);
        }
        return n.equals(".git") || n.startsWith(".git:") || n.equals("git~1") || n.isEmpty();
    }

    private static boolean isIgnorable(char c) {
        return (c >= '\u200b' && c <= '\u200f') || (c >= '\u202a' && c <= '\u202e')
                || (c >= '\u206a' && c <= '\u206f') || c == '\ufeff' || Character.getType(c) == Character.FORMAT;
    }

    static String shown(String path) {
        String t = TreeNames.shown(path);
        String s = t.length() > 160 ? t.substring(0, 160) + "…" : t;
        return s.replaceAll("\\p{Cntrl}", "?");
    }

    static SourceException escape(String path, String why) {
        String shown = shown(path);
        return new SourceException(Reason.PATH_ESCAPE, shown, "path '" + shown + "': " + why, null);
    }
}
