package io.gitops4j.core.render;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads one output stream of a child process on a thread of its own while the child runs, keeping at most {@code
 * cap} bytes. The moment the child writes more, reading stops, {@link #overflowed()} turns true and the {@code
 * onOverflow} action runs (the caller kills the child), so memory held never exceeds the cap, however much the child
 * writes. Thread-safe: one thread reads, any thread may query.
 */
final class CappedCapture {
    private final InputStream in;
    private final long cap;
    private final Runnable onOverflow;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private final Thread reader;
    private volatile boolean overflowed;
    private volatile IOException failure;

    /**
     * Starts reading.
     *
     * @param name the reader thread's name
     * @param in the stream to read; closed when reading ends
     * @param cap the most bytes kept
     * @param onOverflow run once, on the reader thread, when the stream holds more than {@code cap} bytes
     */
    CappedCapture(String name, InputStream in, long cap, Runnable onOverflow) {
        this.in = in;
        this.cap = cap;
        this.onOverflow = onOverflow;
        this.reader = new Thread(this::pump, name);
        reader.setDaemon(true);
        reader.start();
    }

    private void pump() {
        byte[] chunk = new byte[64 * 1024];
        try (InputStream stream = in) {
            long total = 0;
            int n;
            while ((n = stream.read(chunk)) >= 0) {
                long room = cap - total;
                if (n > room) {
                    append(chunk, (int) Math.max(0, room));
                    overflowed = true;
                    onOverflow.run();
                    return;
                }
                append(chunk, n);
                total += n;
            }
        } catch (IOException e) {
            failure = e;
        }
    }

    private void append(byte[] chunk, int n) {
        synchronized (buffer) {
            buffer.write(chunk, 0, n);
        }
    }

    /** @return true when the child wrote more than the cap */
    boolean overflowed() {
        return overflowed;
    }

    /**
     * Waits for the end of the stream.
     *
     * @return false when it did not end within the wait (a descendant of the child still holds it open)
     */
    boolean await(long millis) throws InterruptedException {
        reader.join(Math.max(1, millis));
        return !reader.isAlive();
    }

    /** Stops reading: closes the stream, which ends a read blocked on it. */
    void abandon() {
        try {
            in.close();
        } catch (IOException e) {
            // the stream is gone either way
        }
    }

    /** @return the bytes read so far (at most the cap) */
    byte[] bytes() {
        synchronized (buffer) {
            return buffer.toByteArray();
        }
    }

    /** @return why reading failed, or null */
    IOException failure() {
        return failure;
    }
}
