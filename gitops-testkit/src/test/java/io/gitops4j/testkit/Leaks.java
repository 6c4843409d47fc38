package io.gitops4j.testkit;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What tests check to show that nothing leaks: threads started and still alive, ports still listening, the
 * process's open file descriptors (sockets, files, pipes). Threads of JVM-wide pools that belong to no test are left
 * out: OkHttp's task runner and Okio's watchdog (shared by every OkHttp client in the JVM), and the common
 * fork-join pool (parallel streams); they idle out on their own. Stateless.
 */
public final class Leaks {
    private Leaks() {}

    /** @return the threads alive now */
    public static Set<Thread> threads() {
        return Set.copyOf(Thread.getAllStackTraces().keySet());
    }

    /**
     * Polls until no thread started since {@code before} is alive (JVM-wide pools left out) or {@code deadline}
     * passes. @return the names of those still alive, sorted; empty when none
     */
    public static List<String> threadsStartedSince(Set<Thread> before, Duration deadline) throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        List<String> alive = newThreads(before);
        while (!alive.isEmpty() && System.nanoTime() - end < 0) {
            Thread.sleep(20);
            alive = newThreads(before);
        }
        return alive;
    }

    /**
     * A task-runner thread is named "OkHttp TaskRunner" while idle (its stack is then only the thread pool's), and
     * while it runs a task OkHttp renames it after the task (the connection pool's closer, say), so it is told by
     * either.
     */
    private static List<String> newThreads(Set<Thread> before) {
        return Thread.getAllStackTraces().entrySet().stream()
                .filter(e -> e.getKey().isAlive() && !before.contains(e.getKey()))
                .filter(e -> !e.getKey().getName().startsWith("OkHttp TaskRunner") && !isOkHttpTaskRunner(e.getValue())
                        && !e.getKey().getName().equals("Okio Watchdog")
                        && !e.getKey().getName().startsWith("ForkJoinPool.commonPool-worker-"))
                .map(e -> e.getKey().getName())
                .sorted().toList();
    }

    private static boolean isOkHttpTaskRunner(StackTraceElement[] stack) {
        for (StackTraceElement frame : stack) {
            if (frame.getClassName().startsWith("okhttp3.internal.concurrent.TaskRunner")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether something still accepts connections on {@code port}: a closed server would refuse every attempt. A
     * connection from the port to itself (TCP self-connect, possible once the port is free again) is not a listener,
     * and a port has to answer three attempts in a row to count as open.
     */
    public static boolean isListening(int port) throws InterruptedException {
        for (int attempt = 0; attempt < 3; attempt++) {
            if (attempt > 0) {
                Thread.sleep(50);
            }
            try (Socket s = new Socket("127.0.0.1", port)) {
                if (s.getLocalPort() == port) {
                    return false;
                }
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }

    /**
     * @return how many file descriptors this process has open (sockets, files, pipes), from {@code /proc/self/fd}
     * @throws IllegalStateException where there is no {@code /proc/self/fd} (not Linux)
     */
    public static int openFileDescriptors() throws IOException {
        Path fds = Path.of("/proc/self/fd");
        if (!Files.isDirectory(fds)) {
            throw new IllegalStateException("counting file descriptors needs /proc/self/fd (Linux)");
        }
        try (Stream<Path> list = Files.list(fds)) {
            return (int) list.count() - 1;   // the listing's own descriptor
        }
    }

    /**
     * Polls until at most {@code limit} file descriptors are open or {@code deadline} passes. @return the last count
     */
    public static int openFileDescriptorsAtMost(int limit, Duration deadline) throws IOException,
            InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        int open = openFileDescriptors();
        while (open > limit && System.nanoTime() - end < 0) {
            Thread.sleep(20);
            open = openFileDescriptors();
        }
        return open;
    }
}
