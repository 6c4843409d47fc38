package io.gitops4j.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitops4j.api.ReconcileFailure;
import io.gitops4j.api.ReconcileResult;
import io.gitops4j.testkit.FakeApiServer;
import io.gitops4j.testkit.git.GitFixtures;
import io.gitops4j.testkit.git.TestRepo;
import io.gitops4j.testkit.kube.ResourceType;
import io.gitops4j.testkit.kube.WriteOptions;
import io.gitops4j.testkit.server.RequestRecord;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * EN-03 end to end: replicas of a host service, each a reconciler on {@link KubernetesTarget}, sharing one fake API
 * server (coordination.k8s.io Leases) and one Git repository served by the real {@code git daemon}. The request log
 * tells the replicas apart by their {@code User-Agent}.
 */
class ReplicasShareWorkIT {
    private static final Duration TAKE_OVER = Replica.SHARDING.leaseDuration()
            .plus(Replica.SHARDING.retryPeriod().multipliedBy(2));

    private FakeApiServer server;
    private GitFixtures git;
    private TestRepo repo;
    private String repoUrl;
    private final List<AutoCloseable> closing = new ArrayList<>();

    @BeforeEach
    void start() {
        server = FakeApiServer.start();
        git = GitFixtures.create();
        repo = git.repo("deploy");
        repoUrl = git.cliDaemon().url("deploy");
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
        git.close();
        server.close();
    }

    @Test
    @DisplayName("EN-03 two replicas in two JVMs: each Application is written by exactly one of them; when one is "
            + "killed the other takes its Applications over within the lease time")
    void en03_twoJvmsShareTheApplicationsAndTheSurvivorTakesOver() throws Exception {
        List<String> apps = appsCoveringEveryShard();
        String first = commit(apps, "1");
        List<String> inA = new CopyOnWriteArrayList<>();
        Replica a = new Replica(server.url(), "replica-a", inA::add);
        closing.add(a);
        assertThat(a.awaitShare(4, 1, Duration.ofSeconds(60))).as("replica a alone holds every shard").isTrue();

        Process b = startReplicaJvm("replica-b", apps);
        List<String> inB = new CopyOnWriteArrayList<>();
        Thread reader = readLines(b, inB);
        assertThat(a.awaitShare(2, 2, Duration.ofSeconds(60))).as("a hands two shards to b").isTrue();
        assertThat(Fixtures.eventually(Duration.ofSeconds(60), () -> inB.contains("share"))).as(String.join("\n",
                inB)).isTrue();
        a.register(repoUrl, apps);
        // the request log holds a write once it is answered, after the store changed: a pass's result, not the
        // stored object, says that its writes are all in the log
        assertThat(Fixtures.eventually(Duration.ofSeconds(120), () -> synced(first, inA, inB)
                .containsAll(apps))).as("every Application synced, by one replica or the other:\n%s\n%s",
                String.join("\n", inA), String.join("\n", inB)).isTrue();
        assertThat(apps).allSatisfy(app -> assertThat(version(app)).contains("1"));

        Map<String, String> owners = owners(apps);
        assertThat(Set.copyOf(owners.values())).containsExactlyInAnyOrder("replica-a", "replica-b");
        for (String app : apps) {
            assertThat(writers(app)).as("who wrote " + app + "'s objects and inventory")
                    .containsExactly(owners.get(app));
        }
        assertThat(Fixtures.eventually(Duration.ofSeconds(30), () -> reconciled(inA).size() + reconciled(inB).size()
                >= apps.size())).as("each replica's results, as they arrive").isTrue();
        assertThat(reconciled(inA)).as("results in a").containsExactlyInAnyOrderElementsOf(ownedBy(owners,
                "replica-a"));
        assertThat(reconciled(inB)).as("results in b").containsExactlyInAnyOrderElementsOf(ownedBy(owners,
                "replica-b"));

        b.destroyForcibly();
        long killed = System.nanoTime();
        assertThat(b.waitFor(30, TimeUnit.SECONDS)).isTrue();
        reader.join(10_000);
        server.requests().clear();
        String second = commit(apps, "2");

        assertThat(Fixtures.eventually(Duration.ofSeconds(30), () -> a.held() == 4)).isTrue();
        Duration takenOver = Duration.ofNanos(System.nanoTime() - killed);
        assertThat(Fixtures.eventually(Duration.ofSeconds(60), () -> synced(second, inA).containsAll(apps)))
                .as("every Application synced at the new commit by a").isTrue();
        assertThat(apps).allSatisfy(app -> assertThat(version(app)).contains("2"));
        System.out.println("EN-03 take-over after the kill: " + takenOver.toMillis() + " ms (lease "
                + Replica.SHARDING.leaseDuration().toMillis() + " ms)");
        assertThat(takenOver).as("the lease time plus two rounds, and one more second for a loaded host")
                .isLessThanOrEqualTo(TAKE_OVER.plusSeconds(1));
        for (String app : apps) {
            assertThat(writers(app)).as(app).containsExactly("replica-a");
        }
        assertThat(leaseHolders()).containsOnly("replica-a");
    }

    @Test
    @DisplayName("EN-03 a replica whose shard lease another holder takes through the API writes nothing more for "
            + "that shard's Applications, and keeps reconciling the others")
    void en03_aReplicaFencedOutOfAShardMakesNoFurtherWritesThere() throws Exception {
        List<String> apps = appsCoveringEveryShard();
        commit(apps, "1");
        Replica a = new Replica(server.url(), "replica-a", line -> { });
        closing.add(a);
        assertThat(a.awaitShare(4, 1, Duration.ofSeconds(60))).isTrue();
        a.register(repoUrl, apps);
        assertThat(Fixtures.eventually(Duration.ofSeconds(120), () -> apps.stream().allMatch(app -> version(app)
                .equals(Optional.of("1"))))).isTrue();
        String fenced = apps.get(0);
        String lease = Replica.SHARDING.shardLease(Replica.SHARDING.shardOf(fenced));

        AtomicBoolean intruding = new AtomicBoolean(true);
        Thread intruder = new Thread(() -> {
            while (intruding.get()) {
                takeLease(lease, "intruder");
                Fixtures.eventually(Duration.ofMillis(300), () -> !intruding.get());
            }
        });
        intruder.start();
        closing.add(() -> {
            intruding.set(false);
            intruder.join();
        });
        assertThat(Fixtures.eventually(Duration.ofSeconds(10), () -> !a.reconciler().status(fenced)
                .ownership().ownedHere())).isTrue();
        server.requests().clear();
        commit(apps, "2");

        List<String> others = apps.stream().filter(app -> Replica.SHARDING.shardOf(app)
                != Replica.SHARDING.shardOf(fenced)).toList();
        assertThat(Fixtures.eventually(Duration.ofSeconds(60), () -> others.stream().allMatch(app -> version(app)
                .equals(Optional.of("2"))))).as("the other shards' Applications move on").isTrue();
        ReconcileResult refused = a.reconciler().reconcileNow(fenced).get(30, TimeUnit.SECONDS);
        assertThat(refused.failure()).hasValueSatisfying(f -> {
            assertThat(f.phase()).isEqualTo(ReconcileFailure.Phase.OWNERSHIP);
            assertThat(f.message()).contains("is held by 'intruder'");
        });
        assertThat(version(fenced)).contains("1");
        assertThat(writers(fenced)).as("writes for " + fenced + " after the lease was taken").isEmpty();
    }

    /** Application names such that each of the four shards has at least one. */
    private static List<String> appsCoveringEveryShard() {
        Map<Integer, String> byShard = new LinkedHashMap<>();
        for (int i = 0; byShard.size() < Replica.SHARDING.shards(); i++) {
            byShard.putIfAbsent(Replica.SHARDING.shardOf("app-" + i), "app-" + i);
        }
        List<String> apps = new ArrayList<>(byShard.values());
        apps.add("app-extra");
        return List.copyOf(apps);
    }

    /** @return the commit id */
    private String commit(List<String> apps, String version) {
        var commit = repo.commit("version " + version);
        for (String app : apps) {
            commit.add(app + "/settings.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n"
                    + "data:\n  version: \"" + version + "\"\n");
            if (server.kube().list(namespaces(), "", io.gitops4j.testkit.kube.ListOptions.defaults()).items()
                    .stream().noneMatch(n -> app.equals(((Map<?, ?>) n.get("metadata")).get("name")))) {
                server.kube().create(namespaces(), "", new HashMap<>(Map.of("metadata", Map.of("name", app))),
                        WriteOptions.defaults());
            }
        }
        return commit.create();
    }

    private ResourceType namespaces() {
        return server.kube().type("", "v1", "namespaces");
    }

    private Optional<String> version(String app) {
        try {
            Map<String, Object> cm = server.kube().get(server.kube().type("", "v1", "configmaps"), app, "settings");
            return Optional.ofNullable((String) ((Map<?, ?>) cm.get("data")).get("version"));
        } catch (RuntimeException notYet) {
            return Optional.empty();
        }
    }

    /** @return the User-Agents of the writes to an Application's objects and its inventory, in the kept log */
    private Set<String> writers(String app) {
        return server.requests().writes().stream()
                .filter(r -> r.path().startsWith("/api/v1/namespaces/" + app + "/")
                        || r.path().equals("/api/v1/namespaces/default/configmaps/gitops4j-inventory-" + app))
                .map(RequestRecord::userAgent).collect(Collectors.toSet());
    }

    /** @return the holder of each Application's shard lease, as stored */
    private Map<String, String> owners(List<String> apps) {
        Map<String, String> owners = new LinkedHashMap<>();
        for (String app : apps) {
            owners.put(app, holder(Replica.SHARDING.shardLease(Replica.SHARDING.shardOf(app))));
        }
        return owners;
    }

    private List<String> leaseHolders() {
        List<String> out = new ArrayList<>();
        for (int shard = 0; shard < Replica.SHARDING.shards(); shard++) {
            out.add(holder(Replica.SHARDING.shardLease(shard)));
        }
        return out;
    }

    private String holder(String lease) {
        Map<String, Object> l = server.kube().get(leases(), "default", lease);
        return String.valueOf(((Map<?, ?>) l.get("spec")).get("holderIdentity"));
    }

    /** Writes the lease as another holder would through the API: its own identity, conditional on the version. */
    @SuppressWarnings("unchecked")
    private void takeLease(String lease, String holder) {
        try {
            Map<String, Object> l = new LinkedHashMap<>(server.kube().get(leases(), "default", lease));
            Map<String, Object> spec = new LinkedHashMap<>((Map<String, Object>) l.get("spec"));
            spec.put("holderIdentity", holder);
            spec.put("renewTime", java.time.Instant.now().toString());
            l.put("spec", spec);
            server.kube().update(leases(), "default", lease, l, WriteOptions.defaults());
        } catch (RuntimeException conflict) {
            // the replica renewed in between: try again next time
        }
    }

    private ResourceType leases() {
        return server.kube().type("coordination.k8s.io", "v1", "leases");
    }

    private static Set<String> reconciled(List<String> lines) {
        return lines.stream().filter(l -> l.startsWith("result ")).map(l -> l.split(" ")[1])
                .collect(Collectors.toSet());
    }

    /** @return the Applications with a SYNCED result at {@code commit} among the replicas' lines */
    @SafeVarargs
    private static Set<String> synced(String commit, List<String>... replicas) {
        return Stream.of(replicas).flatMap(List::stream).map(l -> l.split(" "))
                .filter(w -> w.length == 4 && w[0].equals("result") && w[2].equals("SYNCED") && w[3].equals(commit))
                .map(w -> w[1]).collect(Collectors.toSet());
    }

    private static List<String> ownedBy(Map<String, String> owners, String replica) {
        return owners.entrySet().stream().filter(e -> e.getValue().equals(replica)).map(Map.Entry::getKey).toList();
    }

    private Process startReplicaJvm(String identity, List<String> apps) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                ReplicaMain.class.getName(), server.url(), identity, repoUrl, "2", String.join(",", apps))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        closing.add(p::destroyForcibly);
        return p;
    }

    private static Thread readLines(Process p, List<String> into) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    into.add(line);
                }
            } catch (IOException e) {
                into.add("read failed: " + e.getClass().getSimpleName());
            }
        });
        t.setDaemon(true);
        t.start();
        return t;
    }
}
