package io.gitops4j.testkit.server;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.util.io.pem.PemGenerationException;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certificate authority made up on the spot for one fake API server: an ECDSA P-256 key and a self-signed CA
 * certificate, generated in memory with BouncyCastle ({@code bcpkix}), never written anywhere but the kubeconfigs
 * the server writes. It issues the server's certificate (for {@code 127.0.0.1} and {@code localhost}) and client
 * certificates whose subject carries the user as CN and the groups as O entries, which is how a Kubernetes API
 * server reads a client certificate.
 *
 * <p>Thread-safe (immutable after construction; issuing only reads the key). Certificates are valid from an hour ago
 * for a year.
 */
public final class CertificateAuthority {
    private static final Duration VALIDITY = Duration.ofDays(365);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final KeyPair keys;
    private final X509Certificate certificate;

    private CertificateAuthority(KeyPair keys, X509Certificate certificate) {
        this.keys = keys;
        this.certificate = certificate;
    }

    /** A certificate and its private key. */
    public record Issued(X509Certificate certificate, PrivateKey key) {
        public Issued {
            Objects.requireNonNull(certificate, "certificate");
            Objects.requireNonNull(key, "key");
        }

        /** The certificate in PEM. */
        public String certificatePem() {
            return pem(certificate);
        }

        /** The private key in PEM (PKCS#8). A test secret: it exists only for this server's lifetime. */
        public String keyPem() {
            try {
                return pem(new JcaPKCS8Generator(key, null));
            } catch (PemGenerationException e) {
                throw new IllegalStateException("cannot encode a test key", e);
            }
        }
    }

    /** Who a client certificate names: the CN is the user, each O a group. */
    public record Subject(String user, List<String> groups) {
        public Subject {
            Objects.requireNonNull(user, "user");
            if (user.isBlank()) {
                throw new IllegalArgumentException("user must not be blank");
            }
            groups = List.copyOf(groups);
        }
    }

    /** Generates a fresh CA named {@code commonName}. */
    public static CertificateAuthority create(String commonName) {
        KeyPair keys = newKeys();
        X500Name name = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
        X509v3CertificateBuilder b = builder(name, name, keys);
        try {
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new CertificateAuthority(keys, sign(b, keys.getPrivate()));
    }

    /** The CA's certificate. */
    public X509Certificate certificate() {
        return certificate;
    }

    /** The CA's certificate in PEM, as a kubeconfig's {@code certificate-authority-data} carries it (decoded). */
    public String certificatePem() {
        return pem(certificate);
    }

    /** A server certificate for {@code 127.0.0.1} and {@code localhost} (subject alternative names). */
    public Issued issueServer() {
        KeyPair pair = newKeys();
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, "gitops4j-fake-apiserver")
                .build();
        X509v3CertificateBuilder b = builder(issuer(), subject, pair);
        try {
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                    new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                    new GeneralName(GeneralName.dNSName, "localhost")}));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Issued(sign(b, keys.getPrivate()), pair.getPrivate());
    }

    /** A client certificate whose subject is {@code O=group,...,CN=user}. */
    public Issued issueClient(Subject who) {
        KeyPair pair = newKeys();
        X500NameBuilder name = new X500NameBuilder(BCStyle.INSTANCE);
        for (String group : who.groups()) {
            name.addRDN(BCStyle.O, group);
        }
        name.addRDN(BCStyle.CN, who.user());
        X509v3CertificateBuilder b = builder(issuer(), name.build(), pair);
        try {
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Issued(sign(b, keys.getPrivate()), pair.getPrivate());
    }

    /**
     * The subject of a client certificate if this CA signed it and it is valid now; empty otherwise (another CA,
     * expired, or no CN), as an API server's client-certificate authenticator decides.
     */
    public Optional<Subject> verify(X509Certificate client) {
        try {
            client.verify(keys.getPublic());
            client.checkValidity();
        } catch (GeneralSecurityException e) {
            return Optional.empty();
        }
        X500Name name = X500Name.getInstance(client.getSubjectX500Principal().getEncoded());
        String user = null;
        List<String> groups = new ArrayList<>();
        for (RDN rdn : name.getRDNs()) {
            for (AttributeTypeAndValue atv : rdn.getTypesAndValues()) {
                String value = IETFUtils.valueToString(atv.getValue());
                if (atv.getType().equals(BCStyle.CN)) {
                    user = value;
                } else if (atv.getType().equals(BCStyle.O)) {
                    groups.add(value);
                }
            }
        }
        return user == null || user.isBlank() ? Optional.empty() : Optional.of(new Subject(user, groups));
    }

    private X500Name issuer() {
        return X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
    }

    private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair pair) {
        Instant now = Instant.now();
        return new JcaX509v3CertificateBuilder(issuer, new BigInteger(64, RANDOM).add(BigInteger.ONE),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(VALIDITY)), subject, pair.getPublic());
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey signer) {
        try {
            return new JcaX509CertificateConverter().getCertificate(
                    b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer)));
        } catch (OperatorCreationException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a test certificate", e);
        }
    }

    private static KeyPair newKeys() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no EC key generator in this JDK", e);
        }
    }

    static String pem(Object value) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            w.writeObject(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
