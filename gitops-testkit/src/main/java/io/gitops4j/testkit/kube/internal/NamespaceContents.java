package io.gitops4j.testkit.kube.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the always-running controllers of a control plane put into every new namespace within milliseconds, so that
 * a namespace of the fake looks like one of a cluster: the {@code default} ServiceAccount (service account
 * controller; no token Secret, as from 1.24) and the {@code kube-root-ca.crt} ConfigMap (root CA certificate
 * publisher, written by {@code kube-controller-manager}). The certificate is a fixed self-signed one whose key was
 * thrown away: it verifies nothing, like the fake's plain-HTTP endpoint needs. Stateless.
 */
final class NamespaceContents {

    /** The field manager of the controllers. */
    static final String CONTROLLER_MANAGER = "kube-controller-manager";

    private static final String DESCRIPTION = "Contains a CA bundle that can be used to verify the kube-apiserver "
            + "when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other "
            + "usage is guaranteed across distributions of Kubernetes clusters.";
    private static final String CA_CERT = """
            -----BEGIN CERTIFICATE-----
            MIIBgTCCASegAwIBAgIUbm/rg7G7n9Rb0Ue6CbYtXLoGDREwCgYIKoZIzj0EAwIw
            FTETMBEGA1UEAwwKa3ViZXJuZXRlczAgFw0yNjExMjYxODU5NDNaGA8yMTI2MTEw
            MjE4NTk0M1owFTETMBEGA1UEAwwKa3ViZXJuZXRlczBZMBMGByqGSM49AgEGCCqG
            SM49AwEHA0IABFbrB9IwC5FxF6oaTcDds1nUfl8HwWfdSwwpxXw6NmK2isAQN4Lh
            DslujvHrHmvAJMpHvKBqkyWhT0caxhHuciyjUzBRMB0GA1UdDgQWBBQSCw40QiCI
            jUxGJAMRAPXxlg1/PDAfBgNVHSMEGDAWgBQSCw40QiCIjUxGJAMRAPXxlg1/PDAP
            BgNVHRMBAf8EBTADAQH/MAoGCCqGSM49BAMCA0gAMEUCIQCKARrK/wwAIkx/ChUj
            of5J5ajhSapNagSnlKUOKIpPJQIgdh4G57lYELjN/AudF/RvKNZmrUHFlpw2jlbQ
            bAikL+I=
            -----END CERTIFICATE-----
            """;

    private NamespaceContents() {
    }

    /** One object a controller creates in a new namespace: where it goes and its body. */
    record Seed(String plural, Map<String, Object> body) {
    }

    /** The objects to create in the new namespace {@code ns}, in the order the controllers create them. */
    static List<Seed> of(String ns) {
        Map<String, Object> account = new LinkedHashMap<>();
        account.put("apiVersion", "v1");
        account.put("kind", "ServiceAccount");
        account.put("metadata", metadata("default", ns, null));

        Map<String, Object> rootCa = new LinkedHashMap<>();
        rootCa.put("apiVersion", "v1");
        rootCa.put("kind", "ConfigMap");
        rootCa.put("metadata", metadata("kube-root-ca.crt", ns,
                new LinkedHashMap<>(Map.of("kubernetes.io/description", DESCRIPTION))));
        rootCa.put("data", new LinkedHashMap<>(Map.of("ca.crt", CA_CERT)));
        return List.of(new Seed("serviceaccounts", account), new Seed("configmaps", rootCa));
    }

    private static Map<String, Object> metadata(String name, String ns, Map<String, Object> annotations) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("name", name);
        meta.put("namespace", ns);
        if (annotations != null) {
            meta.put("annotations", annotations);
        }
        return meta;
    }
}
