package io.gitops4j.k8s;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * A replica in a JVM of its own, for the EN-03 test of two JVMs: {@code ReplicaMain SERVER_URL IDENTITY REPO_URL
 * SHARDS APP,APP,...}. It prints {@code share} once it holds {@code SHARDS} shards (then registers the Applications)
 * and one line per result (see {@link Replica}), and runs until its standard input ends or it is killed.
 */
public final class ReplicaMain {
    private ReplicaMain() {}

    public static void main(String[] args) throws IOException {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        try (Replica replica = new Replica(args[0], args[1], line -> {
            synchronized (out) {
                out.println(line);
            }
        })) {
            if (!replica.awaitShare(Long.parseLong(args[3]), 2, Duration.ofMinutes(2))) {
                out.println("no share: holds " + replica.held());
                return;
            }
            synchronized (out) {
                out.println("share");
            }
            replica.register(args[2], List.of(args[4].split(",")));
            while (System.in.read() >= 0) {
                // runs until the parent closes our input or kills us
            }
        }
    }
}
