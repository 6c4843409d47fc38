package io.gitops4j.api.target;

import io.gitops4j.api.Checks;
import io.gitops4j.api.InvalidSpecException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Kubernetes version a cluster reports ({@code /version}). Renderers use it for what a chart sees as
 * {@code .Capabilities.KubeVersion}.
 *
 * @param major the major version, 1 today
 * @param minor the minor version, such as 33
 * @param gitVersion the full version string the server reported, such as {@code v1.33.2}
 */
public record ServerVersion(int major, int minor, String gitVersion) {
    private static final Pattern VERSION = Pattern.compile("v?(\\d+)\\.(\\d+)(?:\\.\\d+)?(?:[-+].*)?");

    /** @throws InvalidSpecException for a negative number or an empty version string */
    public ServerVersion {
        Checks.notNegative(major, "major");
        Checks.notNegative(minor, "minor");
        Checks.notBlank(gitVersion, "gitVersion");
    }

    /**
     * Reads {@code 1.33}, {@code v1.33.2} or {@code v1.33.2-gke.100}.
     *
     * @throws InvalidSpecException when the text is not such a version
     */
    public static ServerVersion parse(String text) {
        Checks.notNull(text, "text");
        Matcher m = VERSION.matcher(text.trim());
        if (!m.matches()) {
            throw new InvalidSpecException("kubeVersion", "'" + text + "' is not a Kubernetes version such as 1.33");
        }
        String git = text.trim().startsWith("v") ? text.trim() : "v" + text.trim();
        return new ServerVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), git);
    }

    /** @return {@code major.minor}, such as {@code 1.33} */
    public String majorMinor() {
        return major + "." + minor;
    }
}
