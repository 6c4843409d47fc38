package io.gitops4j.core.git;

import java.util.regex.Pattern;

/**
 * Removes what must never reach a message from text produced by JGit or a server: user info in URLs, the current
 * credential's secret strings, {@code CANARY}-style tokens after {@code Bearer}/{@code Basic}, and the cache
 * directory's absolute path; then quotes what is left as {@link UntrustedText}, since it may carry a server's words.
 */
final class Scrubber {
    private static final Pattern USER_INFO = Pattern.compile("([a-zA-Z][a-zA-Z0-9+.-]*://)[^/@\\s]*@");
    private static final Pattern AUTH = Pattern.compile("(?i)(bearer|basic|token)\\s+[A-Za-z0-9+/=._~-]+");
    private static final int MAX = 300;

    private Scrubber() {}

    /**
     * @param text the raw text, may be null
     * @param secrets secret strings to remove
     * @param hiddenPath an absolute path to replace by {@code <cache>}, or null
     * @return the scrubbed, length-capped text, quoted and escaped ({@link UntrustedText#quote})
     */
    static String scrub(String text, String[] secrets, String hiddenPath) {
        String s = text == null ? "" : text;
        for (String secret : secrets) {
            if (secret != null && secret.length() >= 3) {
                s = s.replace(secret, "***");
            }
        }
        if (hiddenPath != null && !hiddenPath.isEmpty()) {
            s = s.replace(hiddenPath, "<cache>");
        }
        s = USER_INFO.matcher(s).replaceAll("$1");
        s = AUTH.matcher(s).replaceAll("$1 ***");
        return UntrustedText.quote(s, MAX);
    }
}
