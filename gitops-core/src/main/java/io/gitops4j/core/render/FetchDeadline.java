package io.gitops4j.core.render;

import io.gitops4j.api.render.RenderException;
import io.gitops4j.api.render.RenderException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The one deadline of a chart fetch (RD-15): every request of the fetch (index, archive, manifest, blob, token,
 * redirects) and every byte of every response body must arrive before it. The JDK client's request timeout only
 * covers the wait for the response headers, and a thread blocked reading a response body ignores interrupts, so a
 * server that answers at once and then drips its body would hold a render as long as it likes. {@link #read} closes
 * the body when the deadline passes (on the JDK's shared delay scheduler), which ends the blocked read at once.
 * Not thread-safe: one fetch owns a deadline.
 */
final class FetchDeadline {
    /** Reads a response body; may throw what the caller maps to a render error. */
    @FunctionalInterface
    interface BodyReader<T> {
        T read(InputStream body) throws IOException;
    }

    private final long deadlineNanos;
    private final Duration timeout;

    private FetchDeadline(Duration timeout) {
        this.timeout = timeout;
        this.deadlineNanos = System.nanoTime() + timeout.toNanos();
    }

    /** @return a deadline {@code timeout} from now */
    static FetchDeadline in(Duration timeout) {
        return new FetchDeadline(timeout);
    }

    /**
     * @param where the URL about to be requested, for the error (never credentials)
     * @return what is left of the deadline, for a request's timeout
     * @throws RenderException {@link Reason#TIMEOUT} when nothing is left
     */
    Duration remaining(String where) {
        long left = deadlineNanos - System.nanoTime();
        if (left <= 0) {
            throw timedOut(where);
        }
        return Duration.ofNanos(left);
    }

    /**
     * Reads a body, closing it when the deadline passes first.
     *
     * @param where the URL read, for the error (never credentials)
     * @throws RenderException {@link Reason#TIMEOUT} when the deadline passed; the reader's exceptions otherwise
     * @throws IOException when reading failed before the deadline
     */
    <T> T read(String where, InputStream body, BodyReader<T> reader) throws IOException {
        AtomicBoolean expired = new AtomicBoolean();
        AtomicBoolean done = new AtomicBoolean();
        long left = Math.max(0, deadlineNanos - System.nanoTime());
        CompletableFuture.runAsync(() -> {
            if (!done.get()) {
                expired.set(true);
                try {
                    body.close();
                } catch (IOException e) {
                    // closing is all the deadline can do
                }
            }
        }, CompletableFuture.delayedExecutor(left, TimeUnit.NANOSECONDS));
        try {
            T result = reader.read(body);
            if (expired.get()) {
                throw timedOut(where);
            }
            return result;
        } catch (IOException | RuntimeException e) {
            if (expired.get()) {
                throw timedOut(where);
            }
            throw e;
        } finally {
            done.set(true);
        }
    }

    /**
     * Copies a body to {@code out} within the deadline, at most {@code maxBytes}, feeding {@code digest} (nullable).
     *
     * @throws RenderException {@link Reason#LIMIT} past {@code maxBytes}, {@link Reason#TIMEOUT} past the deadline
     */
    void copy(String where, InputStream body, OutputStream out, long maxBytes, MessageDigest digest)
            throws IOException {
        read(where, body, in -> {
            byte[] buffer = new byte[64 * 1024];
            long total = 0;
            int n;
            while ((n = in.read(buffer)) > 0) {
                total += n;
                if (total > maxBytes) {
                    throw new RenderException(Reason.LIMIT, where + " sent more than " + maxBytes + " bytes", null);
                }
                if (digest != null) {
                    digest.update(buffer, 0, n);
                }
                out.write(buffer, 0, n);
            }
            return total;
        });
    }

    /** @return the error for a fetch that ran out of time at {@code where} */
    RenderException timedOut(String where) {
        return new RenderException(Reason.TIMEOUT, "fetching " + where + " did not finish within "
                + timeout.toSeconds() + " s", null);
    }
}
