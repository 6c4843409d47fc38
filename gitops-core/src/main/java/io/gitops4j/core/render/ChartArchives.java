package io.gitops4j.core.render;

import io.gitops4j.api.render.RenderException;
import io.gitops4j.api.render.RenderException.Reason;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Checks and unpacks Helm chart archives ({@code .tgz}) with limits (RD-11, RD-12): entries must be regular files or
 * directories under relative paths without {@code ..} (links, devices and absolute paths are refused); the number of
 * entries, the size of one file and the expanded total are bounded, so an expansion bomb stops early; what is written
 * is also charged to the render's {@link WriteBudget}, shared by every archive of the render (nested ones too). A
 * refused archive leaves nothing behind that the caller's cleanup cannot delete. Stateless.
 */
final class ChartArchives {
    /** Limits of one archive. */
    record Limits(long maxArchiveBytes, long maxExpandedBytes, long maxFileBytes, int maxEntries) {
        static Limits defaults() {
            return new Limits(20L << 20, 100L << 20, 20L << 20, 10_000);
        }
    }

    private ChartArchives() {}

    /** Reads the whole archive and applies the checks without writing anything. */
    static void check(String name, Path archive, Limits limits) {
        walk(name, archive, null, limits, null);
    }

    /**
     * Unpacks the archive into {@code target} (which must exist and be empty) with the same checks, charging every
     * byte written to {@code budget}.
     */
    static void unpack(String name, Path archive, Path target, Limits limits, WriteBudget budget) {
        budget.chargeArchive(name);
        walk(name, archive, target, limits, budget);
    }

    private static void walk(String name, Path archive, Path target, Limits limits, WriteBudget budget) {
        try {
            if (Files.size(archive) > limits.maxArchiveBytes()) {
                throw refused(name, "archive larger than " + limits.maxArchiveBytes() + " bytes");
            }
            try (InputStream in = new BufferedInputStream(Files.newInputStream(archive));
                    GzipCompressorInputStream gz = new GzipCompressorInputStream(in);
                    TarArchiveInputStream tar = new TarArchiveInputStream(gz)) {
                long total = 0;
                int entries = 0;
                TarArchiveEntry entry;
                byte[] buffer = new byte[64 * 1024];
                while ((entry = tar.getNextEntry()) != null) {
                    if (++entries > limits.maxEntries()) {
                        throw refused(name, "more than " + limits.maxEntries() + " entries");
                    }
                    String path = entry.getName();
                    checkPath(name, path);
                    if (entry.isSymbolicLink() || entry.isLink()) {
                        throw refused(name, "entry '" + show(path) + "' is a link; links are refused");
                    }
                    if (!entry.isDirectory() && !entry.isFile()) {
                        throw refused(name, "entry '" + show(path) + "' is not a regular file");
                    }
                    Path out = null;
                    if (target != null) {
                        out = target.resolve(path).normalize();
                        if (!out.startsWith(target)) {
                            throw refused(name, "entry '" + show(path) + "' leaves the archive");
                        }
                    }
                    if (entry.isDirectory()) {
                        if (out != null) {
                            Files.createDirectories(out);
                        }
                        continue;
                    }
                    long size = 0;
                    OutputStream sink = null;
                    try {
                        if (out != null) {
                            Files.createDirectories(out.getParent());
                            sink = Files.newOutputStream(out);
                        }
                        int n;
                        while ((n = tar.read(buffer)) > 0) {
                            size += n;
                            total += n;
                            if (size > limits.maxFileBytes()) {
                                throw refused(name, "entry '" + show(path) + "' expands beyond "
                                        + limits.maxFileBytes() + " bytes");
                            }
                            if (total > limits.maxExpandedBytes()) {
                                throw refused(name, "archive expands beyond " + limits.maxExpandedBytes()
                                        + " bytes");
                            }
                            if (sink != null) {
                                budget.charge(name, n);
                                sink.write(buffer, 0, n);
                            }
                        }
                    } finally {
                        if (sink != null) {
                            sink.close();
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw refused(name, "not a readable .tgz chart archive");
        }
    }

    private static void checkPath(String name, String path) {
        if (path.isEmpty() || path.startsWith("/") || path.startsWith("\\") || path.matches("^[A-Za-z]:.*")) {
            throw refused(name, "entry '" + show(path) + "' has an absolute path");
        }
        for (String segment : path.split("[/\\\\]")) {
            if (segment.equals("..")) {
                throw refused(name, "entry '" + show(path) + "' contains '..'");
            }
        }
        for (int i = 0; i < path.length(); i++) {
            if (Character.isISOControl(path.charAt(i))) {
                throw refused(name, "entry name contains a control character");
            }
        }
    }

    private static String show(String path) {
        return path.length() > 120 ? path.substring(0, 120) + "…" : path;
    }

    private static RenderException refused(String name, String why) {
        return new RenderException(Reason.POLICY, name, 0, "chart archive refused: " + why, null);
    }
}
