package io.gitops4j.examples.cli;

import io.gitops4j.api.source.FileEntry;
import io.gitops4j.api.source.Snapshot;
import io.gitops4j.api.source.SourceException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * What {@code source ls} prints: every file below a directory as the renderers see it (links inside the tree
 * followed), and every symbolic link that cannot be followed as a line of its own, marked {@code refused} (it loops,
 * chains too long or leaves the tree; the snapshot's reason, never the link's target) or {@code dangling} (its target
 * is not in the tree). One unreadable link does not end the listing (GS-21); reading it ({@code source cat}) still
 * fails.
 *
 * <p>A directory reached through a link is listed with {@link Snapshot#walk}, so a loop through directories is
 * refused by the snapshot's own hop limit instead of being printed ten times over.
 */
final class SourceListing {
    /** One printed line. @param note empty, or why the entry is not followed */
    private record Line(String type, long size, String path, String note) {}

    private final Snapshot snapshot;
    private final List<Line> lines = new ArrayList<>();

    private SourceListing(Snapshot snapshot) {
        this.snapshot = snapshot;
    }

    /**
     * Prints the listing of {@code directory}, sorted by path.
     *
     * @throws SourceException when the directory itself cannot be read (a path through a refused link)
     */
    static void print(Snapshot snapshot, String directory, PrintWriter out) {
        SourceListing listing = new SourceListing(snapshot);
        listing.list(directory);
        listing.lines.sort(Comparator.comparing(Line::path));
        for (Line l : listing.lines) {
            if (l.note().isEmpty()) {
                out.printf("%-9s %10d  %s%n", l.type(), l.size(), l.path());
            } else {
                out.printf("%-9s %10s  %s  (%s)%n", l.type(), "-", l.path(), l.note());
            }
        }
    }

    private void list(String directory) {
        for (FileEntry e : snapshot.list(directory)) {
            boolean link = snapshot.stat(e.path()).map(s -> s.type() == FileEntry.Type.SYMLINK).orElse(false);
            if (e.type() == FileEntry.Type.DIRECTORY && !link) {
                list(e.path());
            } else if (e.type() == FileEntry.Type.DIRECTORY) {
                linkedDirectory(e.path());
            } else if (e.type() == FileEntry.Type.SYMLINK) {
                unfollowed(e.path());
            } else {
                add(e);
            }
        }
    }

    private void linkedDirectory(String path) {
        try {
            snapshot.walk(path).forEach(this::add);
        } catch (SourceException e) {
            lines.add(new Line("symlink", 0, path, "refused: " + reason(path, e)));
        }
    }

    /** A link {@link Snapshot#list} could not follow: refused by the snapshot, or pointing at nothing. */
    private void unfollowed(String path) {
        try {
            if (!snapshot.exists(path)) {
                lines.add(new Line("symlink", 0, path, "dangling: its target is not in the tree"));
            }
        } catch (SourceException e) {
            lines.add(new Line("symlink", 0, path, "refused: " + reason(path, e)));
        }
    }

    private void add(FileEntry e) {
        lines.add(new Line(e.type().name().toLowerCase(Locale.ROOT), e.size(), e.path(), ""));
    }

    /** @return the snapshot's reason without the leading "path 'P': " when it is about this very path */
    private static String reason(String path, SourceException e) {
        String m = Main.oneLine(e);
        String prefix = "path '" + path + "': ";
        return m.startsWith(prefix) ? m.substring(prefix.length()) : m;
    }
}
