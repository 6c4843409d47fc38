package io.gitops4j.core.git;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.lib.ProgressMonitor;

/**
 * A JGit progress monitor that cancels a fetch past its deadline, its object count or its pack size. JGit checks
 * {@link #isCancelled()} between objects; the socket read timeout covers a server that stops sending.
 */
final class BudgetMonitor implements ProgressMonitor {
    private final FetchBudget budget;
    private final Path objectsDir;
    private final long deadline;
    private volatile String exceeded;
    private volatile boolean receiving;
    private long objects;
    private long lastSizeCheck;

    BudgetMonitor(FetchBudget budget, Path objectsDir) {
        this.budget = budget;
        this.objectsDir = objectsDir;
        this.deadline = System.nanoTime() + budget.timeout().toNanos();
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
