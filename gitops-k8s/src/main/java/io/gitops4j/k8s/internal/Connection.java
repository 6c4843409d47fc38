package io.gitops4j.k8s.internal;

import io.gitops4j.api.target.TargetException;
import io.gitops4j.api.target.TargetException.Reason;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.ClientBuilder;
import io.kubernetes.client.util.KubeConfig;
import io.kubernetes.client.util.credentials.TokenFileAuthentication;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Builds an {@link ApiClient} the way the Kubernetes client reads a configuration: from a kubeconfig file (a
 * context, bearer tokens, client certificates, exec credential plugins, paths relative to the file) or from the
 * in-cluster ServiceAccount. Errors name the file by its name only, never its absolute path.
 */
public final class Connection {
    private Connection() {}

    /**
     * @param context the context to use; {@code null} for the file's current context
     * @throws TargetException {@code INVALID} when the file cannot be read or has no such context
     */
    public static ApiClient fromKubeconfig(Path file, String context) {
        String name = String.valueOf(file.getFileName());
        KubeConfig config;
        try (Reader reader = Files.newBufferedReader(file)) {
            config = KubeConfig.loadKubeConfig(reader);
        } catch (IOException | RuntimeException e) {
            throw new TargetException(null, Reason.INVALID, "kubeconfig " + name + ": cannot be read ("
                    + e.getClass().getSimpleName() + ")", List.of(), null);
        }
        config.setFile(file.toAbsolutePath().toFile());
        if (context != null && !config.setContext(context)) {
            throw new TargetException(null, Reason.INVALID, "kubeconfig " + name + ": has no context named '"
                    + context + "'");
        }
        try {
            return ClientBuilder.kubeconfig(config).build();
        } catch (IOException | RuntimeException e) {
            throw new TargetException(null, Reason.INVALID, "kubeconfig " + name + ": cannot be used ("
                    + e.getClass().getSimpleName() + ")", List.of(), null);
        }
    }

    /** The environment variable naming the API server's host inside a Pod. */
    public static final String HOST_VARIABLE = "KUBERNETES_SERVICE_HOST";
    /** The environment variable naming the API server's port inside a Pod. */
    public static final String PORT_VARIABLE = "KUBERNETES_SERVICE_PORT";
    /** Where the kubelet mounts a Pod's ServiceAccount: {@code token}, {@code ca.crt}, {@code namespace}. */
    public static final Path SERVICE_ACCOUNT = Path.of("/var/run/secrets/kubernetes.io/serviceaccount");

    /**
     * The in-cluster configuration of the Pod the JVM runs in: {@code https://$KUBERNETES_SERVICE_HOST:
     * $KUBERNETES_SERVICE_PORT}, the server verified with the mounted {@code ca.crt}, requests authenticated with
     * the mounted {@code token} (read again as the kubelet rotates it).
     *
     * @throws TargetException {@code INVALID} when not running in a cluster (no ServiceAccount mounted)
     */
    public static ApiClient inCluster() {
        return inCluster(System.getenv(), SERVICE_ACCOUNT);
    }

    /**
     * As {@link #inCluster()}, with the environment and the ServiceAccount directory given (tests; a host that
     * mounts the ServiceAccount elsewhere).
     *
     * @throws TargetException {@code INVALID} when a variable is missing or a file cannot be read; the message
     *                         names the variable or the file by its name, never a path or the token
     */
    public static ApiClient inCluster(Map<String, String> environment, Path serviceAccount) {
        String host = environment.get(HOST_VARIABLE);
        String port = environment.get(PORT_VARIABLE);
        if (host == null || host.isBlank() || port == null || port.isBlank()) {
            throw notAvailable(HOST_VARIABLE + " and " + PORT_VARIABLE + " are not set");
        }
        Path token = serviceAccount.resolve("token");
        Path ca = serviceAccount.resolve("ca.crt");
        if (!Files.isReadable(token)) {
            throw notAvailable("the ServiceAccount token cannot be read");
        }
        String url;
        byte[] authority;
        try {
            url = new URI("https", null, host.trim(), Integer.parseInt(port.trim()), null, null, null).toString();
            authority = Files.readAllBytes(ca);
        } catch (URISyntaxException | NumberFormatException e) {
            throw notAvailable(HOST_VARIABLE + " or " + PORT_VARIABLE + " is not a host and port");
        } catch (IOException e) {
            throw notAvailable("the ServiceAccount ca.crt cannot be read");
        }
        try {
            return new ClientBuilder().setBasePath(url).setCertificateAuthority(authority)
                    .setAuthentication(new TokenFileAuthentication(token.toString())).build();
        } catch (RuntimeException e) {
            throw notAvailable(e.getClass().getSimpleName());
        }
    }

    private static TargetException notAvailable(String why) {
        return new TargetException(null, Reason.INVALID, "in-cluster configuration: not available (" + why + ")",
                List.of(), null);
    }
}
