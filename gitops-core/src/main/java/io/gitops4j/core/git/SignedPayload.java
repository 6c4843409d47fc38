package io.gitops4j.core.git;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Splits a raw commit or tag object into the signed bytes and the armored signature, the way Git signs them: a
 * commit carries its signature in a {@code gpgsig} header (removed from the payload); a tag carries it appended to
 * its message.
 *
 * @param payload the bytes that were signed
 * @param signature the armored signature (OpenPGP or SSH)
 */
record SignedPayload(byte[] payload, String signature) {
    private static final String[] ARMOR = {"-----BEGIN PGP SIGNATURE-----", "-----BEGIN SSH SIGNATURE-----"};

    /** @return the commit's payload and signature, or empty when unsigned */
    static Optional<SignedPayload> ofCommit(byte[] raw) {
        int end = indexOf(raw, "\n\n".getBytes(StandardCharsets.US_ASCII), 0);
        int headerEnd = end < 0 ? raw.length : end + 1;
        ByteArrayOutputStream payload = new ByteArrayOutputStream(raw.length);
        StringBuilder sig = new StringBuilder();
        boolean inSig = false;
        int pos = 0;
        while (pos < headerEnd) {
            int nl = indexOf(raw, new byte[] {'\n'}, pos);
            int lineEnd = nl < 0 ? raw.length : nl + 1;
            String line = new String(raw, pos, lineEnd - pos, StandardCharsets.UTF_8);
            if (line.startsWith("gpgsig ") || line.startsWith("gpgsig-sha256 ")) {
                inSig = true;
                sig.append(line.substring(line.indexOf(' ') + 1));
            } else if (inSig && line.startsWith(" ")) {
                sig.append(line.substring(1));
            } else {
                inSig = false;
                payload.write(raw, pos, lineEnd - pos);
            }
            pos = lineEnd;
        }
        if (sig.length() == 0) {
            return Optional.empty();
        }
        payload.write(raw, headerEnd, raw.length - headerEnd);
        return Optional.of(new SignedPayload(payload.toByteArray(), sig.toString()));
    }

    /** @return the tag's payload and signature, or empty when unsigned */
    static Optional<SignedPayload> ofTag(byte[] raw) {
        int start = -1;
        for (String armor : ARMOR) {
            int i = indexOf(raw, armor.getBytes(StandardCharsets.US_ASCII), 0);
            if (i >= 0 && (start < 0 || i < start)) {
                start = i;
            }
        }
        if (start < 0) {
            return Optional.empty();
        }
        byte[] payload = new byte[start];
        System.arraycopy(raw, 0, payload, 0, start);
        return Optional.of(new SignedPayload(payload, new String(raw, start, raw.length - start,
                StandardCharsets.US_ASCII)));
    }

    boolean isSsh() {
        return signature.startsWith(ARMOR[1]);
    }

    private static int indexOf(byte[] data, byte[] needle, int from) {
        outer:
        for (int i = from; i <= data.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (data[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
