package io.gitops4j.core.git;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * One shared daemon thread ({@code gitops4j-git-deadline}) that fires deadline actions, such as disconnecting an
 * HTTP connection whose operation ran out of time. It ends by itself after 30 idle seconds.
 */
final class Deadlines {
    private static final ScheduledThreadPoolExecutor TIMER = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "gitops4j-git-deadline");
        t.setDaemon(true);
        return t;
    });

    static {
        TIMER.setRemoveOnCancelPolicy(true);
        TIMER.setKeepAliveTime(30, TimeUnit.SECONDS);
        TIMER.allowCoreThreadTimeOut(true);
    }

    private Deadlines() {}

    /** @return the scheduled action; cancel it when the operation ends in time */
    static ScheduledFuture<?> schedule(Runnable action, long delayMillis) {
        return TIMER.schedule(action, delayMillis, TimeUnit.MILLISECONDS);
    }
}
