package io.gitops4j.core.coordination;

import com.google.common.hash.Hashing;
import io.gitops4j.api.Checks;
import io.gitops4j.api.InvalidSpecException;
import io.gitops4j.api.resource.KubernetesNames;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

/**
 * How replicas divide Applications (EN-03): each Application belongs to one of {@code shards} shards by a stable
 * hash of its name (32-bit MurmurHash3 of the UTF-8 name, modulo {@code shards}: the same in every JVM and
 * version), and the replica holding a shard's lease reconciles its Applications. Every replica of one host service
 * must use the same {@code shards} and {@code leasePrefix}.
 *
 * <p>Timing, as Kubernetes leader election does it: a holder renews its leases every {@code retryPeriod}; when it
 * could not renew a lease for {@code renewDeadline} it stops writing under it at once; another replica takes the
 * lease over once it saw it unchanged for {@code leaseDuration}. {@code leaseDuration - renewDeadline} is the margin
 * that separates the last write of a holder from the first write of the next (see {@code docs/reliability.md},
 * EN-03). Required: {@code 1.2 × retryPeriod < renewDeadline < leaseDuration}; {@code leaseDuration} in whole
 * seconds (a Kubernetes Lease stores seconds).
 *
 * @param shards how many shards (1 to 256); more shards balance finer and cost more lease requests
 * @param leaseDuration how long a lease lasts without renewal
 * @param renewDeadline how long a holder keeps writing without a successful renewal
 * @param retryPeriod how often leases are renewed and free shards looked for
 * @param leasePrefix the start of the lease names ({@code PREFIX-shard-N}, {@code PREFIX-member-N}), a DNS-1123
 *     label of at most 40 characters
 * @param identity who this replica is, unique among the live replicas; {@code ""} for one generated at start
 *     (host name and a random suffix)
 */
public record ShardingOptions(int shards, Duration leaseDuration, Duration renewDeadline, Duration retryPeriod,
        String leasePrefix, String identity) {
    /** The most shards. */
    public static final int MAX_SHARDS = 256;

    /** @throws InvalidSpecException for a value out of range or timings that break the rule above */
    public ShardingOptions {
        if (shards < 1 || shards > MAX_SHARDS) {
            throw new InvalidSpecException("shards", "must be between 1 and " + MAX_SHARDS + ", was " + shards);
        }
        positive(leaseDuration, "leaseDuration");
        positive(renewDeadline, "renewDeadline");
        positive(retryPeriod, "retryPeriod");
        if (leaseDuration.getNano() != 0) {
            throw new InvalidSpecException("leaseDuration", "must be whole seconds, was " + leaseDuration);
        }
        if (renewDeadline.compareTo(leaseDuration) >= 0) {
            throw new InvalidSpecException("renewDeadline", "must be shorter than leaseDuration (" + leaseDuration
                    + "), was " + renewDeadline);
        }
        if (retryPeriod.multipliedBy(6).compareTo(renewDeadline.multipliedBy(5)) >= 0) {
            throw new InvalidSpecException("retryPeriod", "must be shorter than renewDeadline / 1.2 (renewDeadline "
                    + renewDeadline + "), was " + retryPeriod);
        }
        KubernetesNames.requireDns1123Label(leasePrefix, "leasePrefix");
        if (leasePrefix.length() > 40) {
            throw new InvalidSpecException("leasePrefix", "must be at most 40 characters");
        }
        Checks.notNull(identity, "identity");
        if (identity.length() > 128 || identity.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new InvalidSpecException("identity", "must be at most 128 characters without control characters");
        }
    }

    /** @return 8 shards, leases of 15 s renewed every 2 s with a 10 s deadline, prefix {@code gitops4j} */
    public static ShardingOptions defaults() {
        return new ShardingOptions(8, Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ofSeconds(2),
                "gitops4j", "");
    }

    /** @return a copy with another number of shards */
    public ShardingOptions withShards(int value) {
        return new ShardingOptions(value, leaseDuration, renewDeadline, retryPeriod, leasePrefix, identity);
    }

    /** @return a copy with other timings (see the rule in the class comment) */
    public ShardingOptions withTimings(Duration lease, Duration deadline, Duration retry) {
        return new ShardingOptions(shards, lease, deadline, retry, leasePrefix, identity);
    }

    /** @return a copy with another lease name prefix */
    public ShardingOptions withLeasePrefix(String value) {
        return new ShardingOptions(shards, leaseDuration, renewDeadline, retryPeriod, value, identity);
    }

    /** @return a copy with another replica identity */
    public ShardingOptions withIdentity(String value) {
        return new ShardingOptions(shards, leaseDuration, renewDeadline, retryPeriod, leasePrefix, value);
    }

    /** @return {@code identity}, or when it is {@code ""} a new one: the host name and a random suffix */
    String identityOrGenerated() {
        if (!identity.isEmpty()) {
            return identity;
        }
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException | SecurityException e) {
            host = "replica";
        }
        return host + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** @return the shard of an Application, from 0 to {@code shards - 1} */
    public int shardOf(String application) {
        int hash = Hashing.murmur3_32_fixed().hashString(application, StandardCharsets.UTF_8).asInt();
        return Math.floorMod(hash, shards);
    }

    /** @return the name of a shard's lease */
    public String shardLease(int shard) {
        return leasePrefix + "-shard-" + shard;
    }

    /** @return the name of a member slot's lease */
    String memberLease(int slot) {
        return leasePrefix + "-member-" + slot;
    }

    private static void positive(Duration d, String field) {
        Checks.notNull(d, field);
        if (d.isNegative() || d.isZero()) {
            throw new InvalidSpecException(field, "must be positive, was " + d);
        }
    }
}
