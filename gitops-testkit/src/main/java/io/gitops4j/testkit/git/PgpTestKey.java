package io.gitops4j.testkit.git;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Date;
import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.bcpg.BCPGOutputStream;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyAlgorithmTags;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPKeyPair;
import org.bouncycastle.openpgp.PGPKeyRingGenerator;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureGenerator;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPDigestCalculatorProviderBuilder;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPKeyPair;

/**
 * An OpenPGP signing key generated in the test (RSA 2048 with BouncyCastle): signs commits and tags the way
 * {@code git commit -S} does (detached, armored) and exports its public key ring for the trust list.
 */
public final class PgpTestKey implements CommitSigner {
    private final PGPKeyPair pair;
    private final String armoredPublicKey;

    private PgpTestKey(PGPKeyPair pair, String armoredPublicKey) {
        this.pair = pair;
        this.armoredPublicKey = armoredPublicKey;
    }

    /** @return a fresh key with the given user id */
    public static PgpTestKey generate(String userId) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            KeyPair kp = g.generateKeyPair();
            PGPKeyPair pair = new JcaPGPKeyPair(PublicKeyAlgorithmTags.RSA_GENERAL, kp, new Date());
            PGPKeyRingGenerator rings = new PGPKeyRingGenerator(PGPSignature.POSITIVE_CERTIFICATION, pair, userId,
                    new JcaPGPDigestCalculatorProviderBuilder().build().get(HashAlgorithmTags.SHA1), null, null,
                    new JcaPGPContentSignerBuilder(PublicKeyAlgorithmTags.RSA_GENERAL, HashAlgorithmTags.SHA256),
                    null);
            PGPPublicKeyRing pub = rings.generatePublicKeyRing();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (ArmoredOutputStream armor = new ArmoredOutputStream(out)) {
                pub.encode(armor);
            }
            return new PgpTestKey(pair, out.toString(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException | PGPException | IOException e) {
            throw new IllegalStateException("cannot generate an OpenPGP key", e);
        }
    }

    /** @return the armored public key ring to list as trusted */
    public String armoredPublicKey() {
        return armoredPublicKey;
    }

    @Override
    public String sign(byte[] payload) {
        try {
            PGPSignatureGenerator gen = new PGPSignatureGenerator(new JcaPGPContentSignerBuilder(
                    PublicKeyAlgorithmTags.RSA_GENERAL, HashAlgorithmTags.SHA256), pair.getPublicKey());
            gen.init(PGPSignature.BINARY_DOCUMENT, pair.getPrivateKey());
            gen.update(payload);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (ArmoredOutputStream armor = new ArmoredOutputStream(out);
                    BCPGOutputStream bcpg = new BCPGOutputStream(armor)) {
                gen.generate().encode(bcpg);
            }
            return out.toString(StandardCharsets.US_ASCII);
        } catch (PGPException | IOException e) {
            throw new IllegalStateException("cannot sign", e);
        }
    }
}
