package io.gitops4j.core.git;

import io.gitops4j.api.source.Ref;
import io.gitops4j.api.source.SourceException;
import io.gitops4j.api.source.SourceException.Reason;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.semver4j.Semver;

/**
 * Picks the ref a {@link Ref} means among the refs a server advertised. Deterministic: the same advertisement gives
 * the same answer. {@link Ref.Type#AUTO} finds a branch or a tag and refuses a name that is both (GS-11).
 */
final class RefResolver {
    private RefResolver() {}

    /**
     * What a ref resolved to.
     *
     * @param name the full ref name followed, or the commit id for a commit ref
     * @param target the object the ref points at (a commit or an annotated tag)
     * @param advertised false for a commit id (not looked up on the server)
     */
    record Resolved(String name, ObjectId target, boolean advertised) {}

    static Resolved resolve(GitUrl url, Ref ref, Advertised adv) {
        String v = ref.value();
        switch (ref.type()) {
            case COMMIT:
                return new Resolved(v, ObjectId.fromString(v), false);
            case BRANCH:
                return exact(url, Constants.R_HEADS + valid(v), adv);
            case TAG:
                return exact(url, Constants.R_TAGS + valid(v), adv);
            case NAME:
                return exact(url, validFull(v), adv);
            case SEMVER:
                return semver(url, ref, adv);
            case AUTO:
            default:
                if (v.equals(Constants.HEAD)) {
                    if (adv.head().isEmpty()) {
                        throw new SourceException(Reason.NOT_FOUND, url + ": the server does not advertise HEAD");
                    }
                    return exact(url, adv.head(), adv);
                }
                String branch = Constants.R_HEADS + valid(v);
                String tag = Constants.R_TAGS + v;
                boolean isBranch = adv.ids().containsKey(branch);
                boolean isTag = adv.ids().containsKey(tag);
                if (isBranch && isTag) {
                    throw new SourceException(Reason.INVALID_REF, url + ": '" + v
                            + "' is both a branch and a tag; write branch:" + v + " or tag:" + v);
                }
                return exact(url, isTag ? tag : branch, adv);
        }
    }

    private static Resolved exact(GitUrl url, String name, Advertised adv) {
        ObjectId id = adv.ids().get(name);
        if (id == null) {
            throw new SourceException(Reason.NOT_FOUND, url + ": ref " + name + " not found");
        }
        return new Resolved(name, id, true);
    }

    private static String valid(String shortName) {
        if (!Repository.isValidRefName(Constants.R_HEADS + shortName)) {
            throw new SourceException(Reason.INVALID_REF, "'" + shortName + "' is not a valid ref name");
        }
        return shortName;
    }

    private static String validFull(String name) {
        if (!Repository.isValidRefName(name)) {
            throw new SourceException(Reason.INVALID_REF, "'" + name + "' is not a valid ref name");
        }
        return name;
    }

    private static Resolved semver(GitUrl url, Ref ref, Advertised adv) {
        String range = ref.value();
        try {
            Semver.ZERO.satisfies(range, true);
        } catch (RuntimeException e) {
            throw new SourceException(Reason.INVALID_REF, url + ": '" + range + "' is not a semver range");
        }
        Optional<Map.Entry<String, Semver>> best = adv.ids().keySet().stream()
                .filter(n -> n.startsWith(Constants.R_TAGS) && !n.endsWith("^{}"))
                .filter(n -> version(n.substring(Constants.R_TAGS.length())) != null)
                .map(n -> Map.entry(n, version(n.substring(Constants.R_TAGS.length()))))
                .filter(e -> e.getValue().satisfies(range, ref.includePrereleases()))
                .max(Comparator.<Map.Entry<String, Semver>, Semver>comparing(Map.Entry::getValue)
                        .thenComparing(Map.Entry::getKey, Comparator.reverseOrder()));
        return best.map(e -> new Resolved(e.getKey(), adv.ids().get(e.getKey()), true))
                .orElseThrow(() -> new SourceException(Reason.NOT_FOUND, url + ": no tag matches semver range '"
                        + range + "'"));
    }

    /** @return the version a tag names ({@code v1.2.3} and {@code 1.2.3}), or null */
    static Semver version(String tag) {
        String t = tag.startsWith("v") || tag.startsWith("V") ? tag.substring(1) : tag;
        return Semver.parse(t);
    }
}
