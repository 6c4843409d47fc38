package io.gitops4j.core.git;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.lib.ProgressMonitor;

/**
 * The budget of one network operation: a JGit progress monitor that cancels a fetch past its deadline, its object
 * count or its pack size (JGit checks {@link #isCancelled()} between objects), and the byte counter and deadline the
 * transports' streams consult on every read ({@link #received}, {@link #millisLeft}), so a huge object or a silent
 * server is stopped mid-way on {@code git://} and {@code http(s)://}. On other transports the size is checked
 * between objects against the temporary pack on disk.
 */
final class BudgetMonitor implements ProgressMonitor {
    private final FetchBudget budget;
    private final Path objectsDir;
    private final long deadline;
    private volatile String exceeded;
    private volatile boolean receiving;
    private long objects;
    private long lastSizeCheck;
    private final java.util.concurrent.atomic.AtomicLong bytes = new java.util.concurrent.atomic.AtomicLong();

    BudgetMonitor(FetchBudget budget, Path objectsDir) {
        this.budget = budget;
        this.objectsDir = objectsDir;
        this.deadline = System.nanoTime() + budget.timeout().toNanos();
    }

    private volatile String redirect;
    private final java.util.List<Runnable> onClose = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Registers an action to run when the operation ends (cancelling its deadline timers). */
    void onClose(Runnable action) {
        onClose.add(action);
    }

    /** Ends the operation: runs the registered actions once. */
    void close() {
        for (Runnable r : onClose) {
            r.run();
        }
        onClose.clear();
    }

    /** Records that the server answered with a redirect (which is never followed). */
    void redirected(String description) {
        redirect = description;
    }

    /** @return the description of the redirect the server answered with, or null */
    String redirect() {
        return redirect;
    }

    /** @return the limits this monitor enforces */
    FetchBudget budget() {
        return budget;
    }

    /** @return milliseconds left before the deadline (at least 1 while time remains, 0 once it passed) */
    int millisLeft() {
        long left = (deadline - System.nanoTime()) / 1_000_000L;
        return left <= 0 ? 0 : (int) Math.min(Integer.MAX_VALUE, Math.max(1, left));
    }

    /**
     * Fails once the deadline has passed (called by the transports' streams before each read).
     *
     * @throws java.net.SocketTimeoutException when no time is left
     */
    void checkDeadline() throws java.net.SocketTimeoutException {
        if (millisLeft() <= 0) {
            timedOut();
            throw new java.net.SocketTimeoutException("deadline passed");
        }
    }

    /** Records that the deadline passed while waiting for the server. */
    void timedOut() {
        if (exceeded == null) {
            exceeded = "the server did not answer within " + budget.timeout().toSeconds() + " s";
        }
    }

    /**
     * Counts bytes received from the server.
     *
     * @throws IOException once the total passes the byte budget (the transfer stops mid-object)
     */
    void received(long n) throws IOException {
        if (bytes.addAndGet(n) > budget.maxPackBytes()) {
            if (exceeded == null) {
                exceeded = "the fetch received more than " + budget.maxPackBytes() + " bytes";
            }
            throw new IOException("byte budget exceeded");
        }
    }

    /** @return bytes received so far through counting streams */
    long bytesReceived() {
        return bytes.get();
    }

    /** @return what was exceeded, or null */
    String exceeded() {
        return exceeded;
    }

    @Override
    public void start(int totalTasks) {}

    @Override
    public void beginTask(String title, int totalWork) {
        receiving = title != null && title.startsWith("Receiving");
        if (receiving && totalWork > budget.maxObjects()) {
            exceeded = "the fetch would receive more than " + budget.maxObjects() + " objects";
        }
    }

    @Override
    public void update(int completed) {
        if (receiving) {
            objects += completed;
            if (objects > budget.maxObjects()) {
                exceeded = "the fetch received more than " + budget.maxObjects() + " objects";
            }
        }
    }

    @Override
    public void endTask() {
        receiving = false;
    }

    @Override
    public boolean isCancelled() {
        if (exceeded != null) {
            return true;
        }
        long now = System.nanoTime();
        if (now - deadline > 0) {
            exceeded = "the fetch took longer than " + budget.timeout().toSeconds() + " s";
            return true;
        }
        if (now - lastSizeCheck > 50_000_000L) {
            lastSizeCheck = now;
            if (incomingBytes() > budget.maxPackBytes()) {
                exceeded = "the fetch received more than " + budget.maxPackBytes() + " bytes";
                return true;
            }
        }
        return false;
    }

    @Override
    public void showDuration(boolean enabled) {}

    private long incomingBytes() {
        long total = 0;
        for (Path dir : new Path[] {objectsDir, objectsDir.resolve("pack")}) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "incoming_*")) {
                for (Path f : files) {
                    total += Files.size(f);
                }
            } catch (IOException e) {
                // the temporary pack may vanish while we look; the next check sees the new state
            }
        }
        return total;
    }
}
