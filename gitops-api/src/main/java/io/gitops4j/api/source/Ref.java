package io.gitops4j.api.source;

import io.gitops4j.api.Checks;
import io.gitops4j.api.InvalidSpecException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What to follow in a repository: a branch, a tag, a commit id, any full {@code refs/…} name, a semver range over
 * tags, or a name to resolve ({@link Type#AUTO}: a branch or a tag, an error when both exist).
 *
 * @param type what kind of ref this is
 * @param value the branch or tag short name, commit id, full ref name or range
 * @param includePrereleases for {@link Type#SEMVER}: whether pre-release tags may match
 */
public record Ref(Type type, String value, boolean includePrereleases) {
    private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}|[0-9a-f]{64}");

    /** The kinds of ref. */
    public enum Type { BRANCH, TAG, COMMIT, NAME, SEMVER, AUTO }

    /** @throws InvalidSpecException for an empty value, control characters, or a malformed commit id */
    public Ref {
        Checks.notNull(type, "type");
        Checks.notBlank(value, "ref");
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                throw new InvalidSpecException("ref", "contains a control character");
            }
        }
        if (type == Type.COMMIT && !COMMIT.matcher(value).matches()) {
            throw new InvalidSpecException("ref", "a commit id is 40 or 64 lower-case hex digits");
        }
        if (type == Type.NAME && !value.startsWith("refs/")) {
            throw new InvalidSpecException("ref", "a full ref name starts with refs/");
        }
        if (type != Type.SEMVER && (value.startsWith("-") || value.contains("..") || value.endsWith("/")
                || value.contains(" ") || value.contains("~") || value.contains("^") || value.contains(":"))) {
            throw new InvalidSpecException("ref", "'" + value + "' is not a valid ref name");
        }
    }

    /** @return a branch ref; {@code main}, not {@code refs/heads/main} */
    public static Ref branch(String name) {
        return new Ref(Type.BRANCH, name, false);
    }

    /** @return a tag ref */
    public static Ref tag(String name) {
        return new Ref(Type.TAG, name, false);
    }

    /** @return a commit id ref (40 or 64 hex digits) */
    public static Ref commit(String id) {
        return new Ref(Type.COMMIT, id.toLowerCase(Locale.ROOT), false);
    }

    /** @return any full ref name such as {@code refs/pull/7/head} */
    public static Ref name(String fullName) {
        return new Ref(Type.NAME, fullName, false);
    }

    /** @return the highest tag matching an npm-style range such as {@code >=1.2.0 <2.0.0}, {@code ~1.4}, {@code ^2} */
    public static Ref semver(String range) {
        return new Ref(Type.SEMVER, range, false);
    }

    /** @return a semver ref that may also match pre-release tags */
    public static Ref semverWithPrereleases(String range) {
        return new Ref(Type.SEMVER, range, true);
    }

    /**
     * Reads the usual text forms: {@code refs/…} is a full name, 40/64 hex digits a commit, {@code semver:RANGE} a
     * range, {@code branch:X} and {@code tag:X} explicit, anything else {@link Type#AUTO}.
     */
    public static Ref parse(String text) {
        Checks.notBlank(text, "ref");
        if (text.startsWith("refs/")) {
            return name(text);
        }
        if (COMMIT.matcher(text).matches()) {
            return commit(text);
        }
        if (text.startsWith("semver:")) {
            return semver(text.substring("semver:".length()).trim());
        }
        if (text.startsWith("branch:")) {
            return branch(text.substring("branch:".length()));
        }
        if (text.startsWith("tag:")) {
            return tag(text.substring("tag:".length()));
        }
        return new Ref(Type.AUTO, text, false);
    }

    /** @return the text form {@link #parse} reads back */
    @Override
    public String toString() {
        switch (type) {
            case BRANCH: return "branch:" + value;
            case TAG: return "tag:" + value;
            case SEMVER: return "semver:" + value;
            default: return value;
        }
    }
}
