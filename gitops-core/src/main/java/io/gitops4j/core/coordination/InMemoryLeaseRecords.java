package io.gitops4j.core.coordination;

import io.gitops4j.api.Checks;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Leases in memory, for tests and for replicas that share one JVM: versions are a counter, writes are conditional
 * on them as a Kubernetes API server makes them. Share one instance between the {@link OptimisticLeaseStore}s of the
 * replicas. Thread-safe; never blocks beyond a lock.
 */
public final class InMemoryLeaseRecords implements LeaseRecords {
    private final Map<String, LeaseRecord> leases = new TreeMap<>();
    private long version;

    @Override
    public synchronized Optional<LeaseRecord> read(String name) {
        return Optional.ofNullable(leases.get(Checks.notNull(name, "name")));
    }

    @Override
    public synchronized List<LeaseRecord> list(String prefix) {
        List<LeaseRecord> out = new ArrayList<>();
        leases.forEach((name, r) -> {
            if (name.startsWith(prefix)) {
                out.add(r);
            }
        });
        return out;
    }

    @Override
    public synchronized Optional<LeaseRecord> create(LeaseRecord record) {
        if (leases.containsKey(record.name())) {
            return Optional.empty();
        }
        return Optional.of(store(record));
    }

    @Override
    public synchronized Optional<LeaseRecord> update(LeaseRecord record) {
        LeaseRecord stored = leases.get(record.name());
        if (stored == null || !stored.version().equals(record.version())) {
            return Optional.empty();
        }
        return Optional.of(store(record));
    }

    /** Deletes a lease, as someone with access to the store may; for tests. @return true when there was one */
    public synchronized boolean delete(String name) {
        return leases.remove(name) != null;
    }

    private LeaseRecord store(LeaseRecord record) {
        LeaseRecord stored = record.withVersion(Long.toString(++version));
        leases.put(stored.name(), stored);
        return stored;
    }
}
