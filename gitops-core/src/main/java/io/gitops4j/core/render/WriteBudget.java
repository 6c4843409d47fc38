package io.gitops4j.core.render;

import io.gitops4j.api.render.RenderException;
import io.gitops4j.api.render.RenderException.Reason;

/**
 * What one Helm render may write to its private directory, counted across everything it writes (RD-11/12): the
 * chart copy, values, downloaded archives, every unpacked archive and the archives nested inside them, and chart
 * dependencies. A small archive that unpacks into archives that unpack again therefore meets one budget, not one per
 * archive. Exceeding it fails the render with {@link Reason#LIMIT} before the byte is written.
 *
 * <p>Not thread-safe: one render owns one budget.
 */
final class WriteBudget {
    private final long maxBytes;
    private final int maxArchives;
    private long written;
    private int archives;

    /**
     * @param maxBytes the most bytes the render may write
     * @param maxArchives the most chart archives the render may unpack, nested ones included
     */
    WriteBudget(long maxBytes, int maxArchives) {
        this.maxBytes = maxBytes;
        this.maxArchives = maxArchives;
    }

    /** @return a budget sized by the limits, with room for 200 archives */
    static WriteBudget of(HelmLimits limits) {
        return new WriteBudget(limits.maxWrittenBytes(), 200);
    }

    /**
     * Counts bytes about to be written.
     *
     * @param what names the file or archive in the error (never a host path)
     * @throws RenderException {@link Reason#LIMIT} when the render would write more than its budget
     */
    void charge(String what, long bytes) {
        written += bytes;
        if (written > maxBytes) {
            throw new RenderException(Reason.LIMIT, what, 0, "the render would write more than " + maxBytes
                    + " bytes to disk (charts, archives and dependencies counted together)", null);
        }
    }

    /**
     * Counts one archive about to be unpacked.
     *
     * @throws RenderException {@link Reason#LIMIT} when the render unpacks more archives than its budget
     */
    void chargeArchive(String what) {
        if (++archives > maxArchives) {
            throw new RenderException(Reason.LIMIT, what, 0, "the render would unpack more than " + maxArchives
                    + " chart archives (nested ones counted together)", null);
        }
    }

    /** @return the bytes counted so far */
    long written() {
        return written;
    }
}
