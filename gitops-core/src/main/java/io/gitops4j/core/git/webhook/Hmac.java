package io.gitops4j.core.git.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC-SHA256 signatures and tokens compared in constant time ({@link MessageDigest#isEqual}). */
final class Hmac {
    private Hmac() {}

    /** @return true when {@code hexSignature} is the HMAC-SHA256 of {@code body} under {@code secret} */
    static boolean matches(String secret, byte[] body, String hexSignature) {
        byte[] expected = sha256(secret, body);
        byte[] given;
        try {
            given = HexFormat.of().parseHex(hexSignature.toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(expected, given);
    }

    /** @return true when the token equals the secret; the time taken does not depend on where they differ */
    static boolean tokenMatches(String secret, String token) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] a = md.digest(secret.getBytes(StandardCharsets.UTF_8));
            byte[] b = md.digest(token.getBytes(StandardCharsets.UTF_8));
            return MessageDigest.isEqual(a, b);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return the lower-case hex HMAC-SHA256 (what senders put in their headers) */
    static String hex(String secret, byte[] body) {
        return HexFormat.of().formatHex(sha256(secret, body));
    }

    private static byte[] sha256(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
