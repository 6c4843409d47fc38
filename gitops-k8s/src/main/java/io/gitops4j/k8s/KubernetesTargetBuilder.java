package io.gitops4j.k8s;

import io.gitops4j.api.target.ApplyOptions;
import io.gitops4j.api.target.DeleteOptions;
import io.gitops4j.core.target.FieldOwnership;
import io.gitops4j.k8s.internal.Connection;
import io.gitops4j.k8s.internal.WriteSettings;
import io.kubernetes.client.openapi.ApiClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Settings of a {@link KubernetesTarget}. Exactly one connection source is needed: {@link #apiClient},
 * {@link #kubeconfig} or {@link #inCluster}. Not thread-safe; {@link #build()} may be called more than once.
 */
public final class KubernetesTargetBuilder {
    private Supplier<ApiClient> client;
    private String fieldManager;
    private int concurrency = 8;
    private Duration requestTimeout = Duration.ofSeconds(30);
    private RetryOptions retries = RetryOptions.defaults();
    private FieldOwnership ownership = FieldOwnership.defaults();
    private final Map<String, Identity> identities = new HashMap<>();
    private Function<String, Optional<Identity>> identityFunction;
    private DeleteOptions.Propagation propagation;
    private String inventoryNamespace = "default";

    KubernetesTargetBuilder() {}

    /** Use a client the host configured (base path, credentials). The target never closes or changes it. */
    public KubernetesTargetBuilder apiClient(ApiClient value) {
        Objects.requireNonNull(value, "apiClient");
        this.client = () -> value;
        return this;
    }

    /** Read a kubeconfig file and use its current context (tokens, client certificates, exec plugins). */
    public KubernetesTargetBuilder kubeconfig(Path file) {
        return kubeconfig(file, null);
    }

    /** Read a kubeconfig file and use the named context ({@code null}: the file's current context). */
    public KubernetesTargetBuilder kubeconfig(Path file, String context) {
        Objects.requireNonNull(file, "file");
        this.client = () -> Connection.fromKubeconfig(file, context);
        return this;
    }

    /**
     * Use the ServiceAccount of the Pod the host runs in: the API server at {@code https://$KUBERNETES_SERVICE_HOST:
     * $KUBERNETES_SERVICE_PORT}, verified with the mounted {@code ca.crt}, and the mounted {@code token}, read again
     * as it rotates.
     */
    public KubernetesTargetBuilder inCluster() {
        this.client = Connection::inCluster;
        return this;
    }

    /** As {@link #inCluster()} with the environment and the ServiceAccount directory given (for tests). */
    KubernetesTargetBuilder inCluster(Map<String, String> environment, Path serviceAccount) {
        Map<String, String> env = Map.copyOf(environment);
        Objects.requireNonNull(serviceAccount, "serviceAccount");
        this.client = () -> Connection.inCluster(env, serviceAccount);
        return this;
    }

    /**
     * The field manager of every write, whatever the engine's {@code ApplyOptions} say. Unset, the engine's manager
     * is used ({@value ApplyOptions#DEFAULT_FIELD_MANAGER} by default). A name that {@link FieldOwnership} would
     * take over or count as imperative (such as {@code kubectl}) is refused at {@link #build()} (DA-15).
     */
    public KubernetesTargetBuilder fieldManager(String value) {
        this.fieldManager = new ApplyOptions(value, false, false).fieldManager();
        return this;
    }

    /** The most requests a batch write has in flight at once (default 8); also sizes the connection pool. */
    public KubernetesTargetBuilder concurrency(int value) {
        if (value < 1 || value > 256) {
            throw new IllegalArgumentException("concurrency must be between 1 and 256");
        }
        this.concurrency = value;
        return this;
    }

    /** The longest one request may take, its answer included (default 30 s); watches are not bounded by it. */
    public KubernetesTargetBuilder requestTimeout(Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("requestTimeout must be positive");
        }
        this.requestTimeout = value;
        return this;
    }

    /** How requests are retried (default {@link RetryOptions#defaults()}). */
    public KubernetesTargetBuilder retries(RetryOptions value) {
        this.retries = Objects.requireNonNull(value, "retries");
        return this;
    }

    /** Whose fields an apply may take (default {@link FieldOwnership#defaults()}). */
    public KubernetesTargetBuilder fieldOwnership(FieldOwnership value) {
        this.ownership = Objects.requireNonNull(value, "fieldOwnership");
        return this;
    }

    /** The writes of {@code application} act as {@code identity} (impersonation); others as the target's own. */
    public KubernetesTargetBuilder identity(String application, Identity identity) {
        identities.put(Objects.requireNonNull(application, "application"), Objects.requireNonNull(identity,
                "identity"));
        return this;
    }

    /**
     * The identity each Application's writes act as, looked up by Application name on every batch (for a Console
     * whose tenants come and go); empty for the target's own. Wins over {@link #identity(String, Identity)}.
     */
    public KubernetesTargetBuilder identities(Function<String, Optional<Identity>> lookup) {
        this.identityFunction = Objects.requireNonNull(lookup, "lookup");
        return this;
    }

    /** The propagation policy of every delete, whatever the engine's {@code DeleteOptions} say (unset: theirs,
     * Background by default). */
    public KubernetesTargetBuilder propagation(DeleteOptions.Propagation value) {
        this.propagation = Objects.requireNonNull(value, "propagation");
        return this;
    }

    /**
     * The namespace inventories are stored in, as ConfigMaps {@code gitops4j-inventory-APP} (default
     * {@code default}; it must exist and the target's own credentials must write ConfigMaps there).
     */
    public KubernetesTargetBuilder inventoryNamespace(String value) {
        io.gitops4j.api.resource.KubernetesNames.requireNamespace(value, "inventoryNamespace");
        this.inventoryNamespace = value;
        return this;
    }

    /**
     * @return a target; it connects on first use
     * @throws IllegalStateException when no connection source was given
     * @throws IllegalArgumentException when the field manager is one the ownership policy would take from
     * @throws io.gitops4j.api.target.TargetException {@code INVALID} when the kubeconfig cannot be used
     */
    public KubernetesTarget build() {
        if (client == null) {
            throw new IllegalStateException("a KubernetesTarget needs apiClient(..), kubeconfig(..) or inCluster()");
        }
        if (fieldManager != null && (ownership.isTakenOver(fieldManager) || ownership.isImperative(fieldManager))) {
            throw new IllegalArgumentException("fieldManager '" + fieldManager + "' is a name the field ownership "
                    + "policy takes fields from; choose a name of gitops4j's own (DA-15)");
        }
        return new KubernetesTarget(this);
    }

    ApiClient client() {
        return client.get();
    }

    int concurrency() {
        return concurrency;
    }

    Duration requestTimeout() {
        return requestTimeout;
    }

    String inventoryNamespace() {
        return inventoryNamespace;
    }

    RetryOptions retries() {
        return retries;
    }

    String userAgent() {
        String v = KubernetesTarget.class.getPackage().getImplementationVersion();
        return "gitops4j/" + (v == null ? "dev" : v) + " (io.kubernetes:client-java)";
    }

    WriteSettings writeSettings() {
        Map<String, Identity> fixed = Map.copyOf(identities);
        Function<String, Optional<Identity>> lookup = identityFunction != null ? identityFunction
                : app -> Optional.ofNullable(fixed.get(app));
        return new WriteSettings(Optional.ofNullable(fieldManager), ownership, lookup, Optional.ofNullable(propagation));
    }
}
