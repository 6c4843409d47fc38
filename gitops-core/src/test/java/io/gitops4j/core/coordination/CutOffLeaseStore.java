package io.gitops4j.core.coordination;

import io.gitops4j.api.coordination.HeldLease;
import io.gitops4j.api.coordination.LeaseException;
import io.gitops4j.api.coordination.LeaseState;
import io.gitops4j.api.coordination.LeaseStore;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/** A lease store that answers every call with {@code UNAVAILABLE} while {@code cutOff} is set, else forwards it. */
public final class CutOffLeaseStore implements LeaseStore {
    private final LeaseStore store;
    private final AtomicBoolean cutOff;

    public CutOffLeaseStore(LeaseStore store, AtomicBoolean cutOff) {
        this.store = store;
        this.cutOff = cutOff;
    }

    @Override
    public Optional<HeldLease> tryAcquire(String name, String holder, Duration duration) {
        check(name);
        return store.tryAcquire(name, holder, duration);
    }

    @Override
    public Optional<HeldLease> renew(HeldLease lease) {
        check(lease.name());
        return store.renew(lease);
    }

    @Override
    public void release(HeldLease lease) {
        check(lease.name());
        store.release(lease);
    }

    @Override
    public List<LeaseState> list(String prefix) {
        check(prefix);
        return store.list(prefix);
    }

    private void check(String name) {
        if (cutOff.get()) {
            throw new LeaseException(LeaseException.Reason.UNAVAILABLE, "lease " + name + ": no answer", null);
        }
    }
}
