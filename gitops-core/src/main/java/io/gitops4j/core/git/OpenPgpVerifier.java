package io.gitops4j.core.git;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRingCollection;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureList;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.bc.BcPGPObjectFactory;
import org.bouncycastle.openpgp.operator.bc.BcKeyFingerprintCalculator;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentVerifierBuilderProvider;

/**
 * Verifies a detached, armored OpenPGP signature over a commit or tag payload against host-supplied public keys
 * with BouncyCastle. No keyring of the machine is read.
 */
final class OpenPgpVerifier {
    private OpenPgpVerifier() {}

    /** @return empty when valid and trusted, otherwise why not */
    static Optional<String> verify(byte[] payload, String armoredSignature, List<String> trustedKeys) {
        PGPSignature sig;
        try (InputStream in = PGPUtil.getDecoderStream(new ByteArrayInputStream(
                armoredSignature.getBytes(StandardCharsets.US_ASCII)))) {
            Object o = new BcPGPObjectFactory(in).nextObject();
            if (!(o instanceof PGPSignatureList list) || list.isEmpty()) {
                return Optional.of("the OpenPGP signature cannot be parsed");
            }
            sig = list.get(0);
        } catch (IOException | RuntimeException e) {
            return Optional.of("the OpenPGP signature cannot be parsed");
        }
        long keyId = sig.getKeyID();
        PGPPublicKey key = null;
        for (String armored : trustedKeys) {
            try (InputStream in = PGPUtil.getDecoderStream(new ByteArrayInputStream(
                    armored.getBytes(StandardCharsets.US_ASCII)))) {
                PGPPublicKeyRingCollection rings = new PGPPublicKeyRingCollection(in, new BcKeyFingerprintCalculator());
                key = rings.getPublicKey(keyId);
            } catch (IOException | PGPException | RuntimeException e) {
                // an unreadable trusted key is skipped; if no key matches the result says so
            }
            if (key != null) {
                break;
            }
        }
        String id = String.format(Locale.ROOT, "%016X", keyId);
        if (key == null) {
            return Optional.of("signed with OpenPGP key " + id + ", which is not trusted");
        }
        try {
            sig.init(new BcPGPContentVerifierBuilderProvider(), key);
            sig.update(payload);
            return sig.verify() ? Optional.empty()
                    : Optional.of("the OpenPGP signature by key " + id + " does not match the content");
        } catch (PGPException | RuntimeException e) {
            return Optional.of("the OpenPGP signature by key " + id + " cannot be verified");
        }
    }
}
