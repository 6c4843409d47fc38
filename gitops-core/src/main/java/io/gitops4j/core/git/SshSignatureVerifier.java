package io.gitops4j.core.git;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.EdECPoint;
import java.security.spec.EdECPublicKeySpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Verifies an SSH signature ({@code SSHSIG} format, namespace {@code git}, as {@code ssh-keygen -Y sign} and Git
 * produce) over a commit or tag payload against host-supplied public keys, with the JDK's own crypto: ed25519, RSA
 * ({@code rsa-sha2-256/512}) and ECDSA (nistp256/384/521).
 */
final class SshSignatureVerifier {
    private SshSignatureVerifier() {}

    /** @return empty when valid and trusted, otherwise why not */
    static Optional<String> verify(byte[] payload, String armored, List<String> trustedKeys) {
        ByteBuffer b;
        try {
            String body = armored.replace("-----BEGIN SSH SIGNATURE-----", "")
                    .replace("-----END SSH SIGNATURE-----", "").replaceAll("\\s", "");
            b = ByteBuffer.wrap(Base64.getDecoder().decode(body));
            byte[] magic = new byte[6];
            b.get(magic);
            if (!"SSHSIG".equals(new String(magic, StandardCharsets.US_ASCII)) || b.getInt() != 1) {
                return Optional.of("the SSH signature has an unknown format");
            }
            byte[] publicKey = string(b);
            String namespace = new String(string(b), StandardCharsets.UTF_8);
            byte[] reserved = string(b);
            String hashAlg = new String(string(b), StandardCharsets.US_ASCII);
            ByteBuffer sig = ByteBuffer.wrap(string(b));
            if (!namespace.equals("git")) {
                return Optional.of("the SSH signature is for namespace " + UntrustedText.quote(namespace, 64)
                        + ", not git");
            }
            if (trustedKeys.stream().map(SshSignatureVerifier::blob).noneMatch(k -> Arrays.equals(k, publicKey))) {
                return Optional.of("signed with an SSH key that is not trusted");
            }
            String digest = hashAlg.equals("sha512") ? "SHA-512" : hashAlg.equals("sha256") ? "SHA-256" : null;
            if (digest == null) {
                return Optional.of("the SSH signature uses an unknown hash");
            }
            ByteArrayOutputStream signed = new ByteArrayOutputStream();
            signed.write("SSHSIG".getBytes(StandardCharsets.US_ASCII));
            writeString(signed, namespace.getBytes(StandardCharsets.UTF_8));
            writeString(signed, reserved);
            writeString(signed, hashAlg.getBytes(StandardCharsets.US_ASCII));
            writeString(signed, MessageDigest.getInstance(digest).digest(payload));
            String sigType = new String(string(sig), StandardCharsets.US_ASCII);
            byte[] sigBytes = string(sig);
            ByteBuffer key = ByteBuffer.wrap(publicKey);
            String keyType = new String(string(key), StandardCharsets.US_ASCII);
            Signature verifier;
            PublicKey pk;
            if (keyType.equals("ssh-ed25519")) {
                pk = ed25519(string(key));
                verifier = Signature.getInstance("Ed25519");
            } else if (keyType.equals("ssh-rsa")) {
                BigInteger e = new BigInteger(string(key));
                BigInteger n = new BigInteger(string(key));
                pk = KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(n, e));
                verifier = Signature.getInstance(sigType.equals("rsa-sha2-256") ? "SHA256withRSA" : "SHA512withRSA");
            } else if (keyType.startsWith("ecdsa-sha2-nistp")) {
                String bits = keyType.substring("ecdsa-sha2-nistp".length());
                string(key);
                pk = ecdsa(bits, string(key));
                ByteBuffer rs = ByteBuffer.wrap(sigBytes);
                sigBytes = der(new BigInteger(string(rs)), new BigInteger(string(rs)));
                verifier = Signature.getInstance(bits.equals("256") ? "SHA256withECDSA"
                        : bits.equals("384") ? "SHA384withECDSA" : "SHA512withECDSA");
            } else {
                return Optional.of("the SSH signature uses an unsupported key type");
            }
            verifier.initVerify(pk);
            verifier.update(signed.toByteArray());
            return verifier.verify(sigBytes) ? Optional.empty()
                    : Optional.of("the SSH signature does not match the content");
        } catch (Exception e) {
            return Optional.of("the SSH signature cannot be parsed or verified");
        }
    }

    private static byte[] blob(String authorizedKeyLine) {
        String[] parts = authorizedKeyLine.trim().split("\\s+");
        try {
            return parts.length < 2 ? new byte[0] : Base64.getDecoder().decode(parts[1]);
        } catch (IllegalArgumentException e) {
            return new byte[0];
        }
    }

    private static PublicKey ed25519(byte[] raw) throws Exception {
        byte[] le = raw.clone();
        boolean xOdd = (le[le.length - 1] & 0x80) != 0;
        le[le.length - 1] &= 0x7f;
        byte[] be = new byte[le.length];
        for (int i = 0; i < le.length; i++) {
            be[i] = le[le.length - 1 - i];
        }
        return KeyFactory.getInstance("Ed25519").generatePublic(
                new EdECPublicKeySpec(NamedParameterSpec.ED25519, new EdECPoint(xOdd, new BigInteger(1, be))));
    }

    private static PublicKey ecdsa(String bits, byte[] q) throws Exception {
        AlgorithmParameters params = AlgorithmParameters.getInstance("EC");
        params.init(new ECGenParameterSpec("secp" + bits + "r1"));
        ECParameterSpec spec = params.getParameterSpec(ECParameterSpec.class);
        int len = (q.length - 1) / 2;
        BigInteger x = new BigInteger(1, Arrays.copyOfRange(q, 1, 1 + len));
        BigInteger y = new BigInteger(1, Arrays.copyOfRange(q, 1 + len, q.length));
        return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(new ECPoint(x, y), spec));
    }

    private static byte[] der(BigInteger r, BigInteger s) {
        byte[] rb = r.toByteArray();
        byte[] sb = s.toByteArray();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x30);
        derLength(out, 2 + rb.length + 2 + sb.length + (rb.length >= 128 ? 1 : 0) + (sb.length >= 128 ? 1 : 0));
        out.write(0x02);
        derLength(out, rb.length);
        out.writeBytes(rb);
        out.write(0x02);
        derLength(out, sb.length);
        out.writeBytes(sb);
        return out.toByteArray();
    }

    private static void derLength(ByteArrayOutputStream out, int len) {
        if (len >= 128) {
            out.write(0x81);
        }
        out.write(len);
    }

    private static byte[] string(ByteBuffer b) {
        int len = b.getInt();
        if (len < 0 || len > b.remaining()) {
            throw new IllegalArgumentException("truncated");
        }
        byte[] out = new byte[len];
        b.get(out);
        return out;
    }

    private static void writeString(ByteArrayOutputStream out, byte[] s) {
        out.write(s.length >>> 24);
        out.write(s.length >>> 16);
        out.write(s.length >>> 8);
        out.write(s.length);
        out.writeBytes(s);
    }
}
