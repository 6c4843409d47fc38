package io.gitops4j.core.git;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A host-supplied decision on which repositories a {@link GitSource} may contact, checked before every network
 * operation with the host's addresses as resolved at that moment.
 *
 * <p>Implementations must be thread-safe and fast; they must not block on the network.
 */
@FunctionalInterface
public interface UrlPolicy {
    /**
     * @param url the validated URL
     * @param addresses the addresses the host resolved to (empty for {@code file:})
     * @return empty to allow, or a short reason to refuse (shown in the error, so it must not carry secrets)
     */
    Optional<String> check(GitUrl url, List<InetAddress> addresses);

    /** @return a policy allowing every validated URL */
    static UrlPolicy allowAll() {
        return (url, addresses) -> Optional.empty();
    }

    /**
     * @return a policy refusing loopback, link-local, private (RFC 1918, fc00::/7, 100.64/10), wildcard and multicast
     *     addresses (GS-08); {@code file:} URLs pass (they are governed by {@code allowFile})
     */
    static UrlPolicy denyPrivateAddresses() {
        return (url, addresses) -> addresses.stream().filter(UrlPolicy::isPrivate).findFirst()
                .map(a -> "the host resolves to a loopback, link-local or private address");
    }

    /** @return a policy allowing only the given schemes */
    static UrlPolicy schemes(Set<String> allowed) {
        Set<String> copy = Set.copyOf(allowed);
        return (url, addresses) -> copy.contains(url.scheme()) ? Optional.empty()
                : Optional.of("scheme " + url.scheme() + " is not allowed");
    }

    /** @return this policy, then the other one when this one allows */
    default UrlPolicy and(UrlPolicy other) {
        return (url, addresses) -> {
            Optional<String> first = check(url, addresses);
            return first.isPresent() ? first : other.check(url, addresses);
        };
    }

    /** @return true for loopback, link-local, site-local, unique-local, CGNAT, wildcard and multicast addresses */
    static boolean isPrivate(InetAddress a) {
        if (a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress() || a.isAnyLocalAddress()
                || a.isMulticastAddress()) {
            return true;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet6Address) {
            return (b[0] & 0xfe) == 0xfc;
        }
        return (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64;
    }
}
