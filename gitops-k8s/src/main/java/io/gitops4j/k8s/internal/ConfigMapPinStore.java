package io.gitops4j.k8s.internal;

import io.gitops4j.api.deploy.Pin;
import io.gitops4j.api.target.PinStore;
import io.gitops4j.api.target.PinUnreadableException;
import io.gitops4j.api.target.RetryBudget;
import io.gitops4j.api.target.StoredPin;
import io.gitops4j.api.target.TargetException;
import io.gitops4j.api.target.TargetException.Reason;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Pins as ConfigMaps in the inventory namespace, one per pinned Application: {@code gitops4j-pin-APP}, labelled
 * {@value #LABEL}{@code : APP} (not the ownership label, so no Application owns or prunes it), its {@code data} the
 * pin's fields ({@link PinCodec}). The pin lives beside the inventory because both are what the engine must know
 * about an Application in that cluster to carry on after a restart or a take-over; only pinned Applications have one.
 *
 * <p><b>Concurrency.</b> The ConfigMap's resourceVersion is the pin's version. A write names the version it
 * replaces: a create ({@code POST}) when it is {@code ""}, else an update ({@code PUT}) carrying it; a delete carries
 * it as a precondition. The server refuses a stale one (409), reported as {@code STALE}; nothing changes. A write or
 * delete whose first answer was lost and whose retry is refused (the first one got through) is read back: when the
 * stored state is what was asked for, it succeeded.
 *
 * <p><b>Damage.</b> A ConfigMap of the wrong format, naming another Application or holding a field that does not
 * parse is a {@link PinUnreadableException} carrying its resourceVersion, so that an unpin can delete it.
 *
 * <p><b>Reads.</b> The engine reads a pin only before an Application's first pass, after a take-over, and to pin or
 * unpin. The store's first read lists the pin ConfigMaps once ({@link PinNames}); the first read of each other
 * Application within {@link PinNames#FRESH} of that list learns from it that no pin is stored, without a request. Every
 * other read is a {@code GET}: an Application's second read (after a take-over), any read after this store wrote or
 * deleted its pin, a read after the list went stale or failed, and every read of a pin the list showed. So a host
 * restarting with many Applications, few of them pinned, reads their pins with one list; a pin another replica stores
 * after that list is seen by the Application's owner at its next take-over, as any pin stored after its first read.
 *
 * <p>Thread-safe; blocks on I/O; requests are retried as any other.
 */
public final class ConfigMapPinStore implements PinStore {
    /** The label naming the Application a pin ConfigMap belongs to. */
    static final String LABEL = "gitops4j.io/pin";

    private final Retrying http;
    private final String namespace;
    private final String fieldManager;
    private final int attempts;
    /** Applications whose pin this store has read, written or deleted: their reads are GETs from then on. */
    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    private final Object listing = new Object();
    private boolean listed;
    private Optional<PinNames> names = Optional.empty();

    /**
     * @param namespace where the ConfigMaps live (it must exist)
     * @param fieldManager the manager of the store's writes
     * @param attempts attempts per request (see {@link io.gitops4j.k8s.RetryOptions#maxAttempts()})
     */
    public ConfigMapPinStore(Retrying http, String namespace, String fieldManager, int attempts) {
        this.http = http;
        this.namespace = namespace;
        this.fieldManager = fieldManager;
        this.attempts = attempts;
    }

    /** @return the name of the ConfigMap holding the pin of {@code application} */
    static String name(String application) {
        return "gitops4j-pin-" + application;
    }

    @Override
    public Optional<StoredPin> read(String application) {
        if (seen.add(application) && firstNames().map(n -> n.showsNone(name(application))).orElse(false)) {
            return Optional.empty();
        }
        ApiResponse r = send(ApiRequest.of("GET", path(application)), application, "read").response();
        if (r.code() == 404) {
            return Optional.empty();
        }
        if (!r.isSuccess()) {
            throw ApiFailures.exception(null, "pin of " + application + ": read", r);
        }
        return Optional.of(decode(application, r.json()));
    }

    @Override
    public StoredPin write(String application, Pin pin, String expectedVersion) {
        seen.add(application);
        Map<String, Object> body = body(application, pin, expectedVersion);
        ApiRequest request = expectedVersion.isEmpty()
                ? ApiRequest.of("POST", collection()).withQuery("fieldManager", fieldManager)
                        .withBody(ApiRequest.JSON, Json.write(body))
                : ApiRequest.of("PUT", path(application)).withQuery("fieldManager", fieldManager)
                        .withBody(ApiRequest.JSON, Json.write(body));
        Retrying.Sent sent = send(request, application, "write");
        ApiResponse r = sent.response();
        if (r.code() == 409 || (r.code() == 404 && !expectedVersion.isEmpty())) {
            if (sent.attempts() > 1) {   // the first attempt may have stored it: read back
                Optional<StoredPin> now = readQuietly(application);
                if (now.isPresent() && now.get().pin().equals(pin)) {
                    return now.get();
                }
            }
            throw stale(application, "write", expectedVersion);
        }
        if (!r.isSuccess()) {
            throw ApiFailures.exception(null, "pin of " + application + ": write", r);
        }
        return new StoredPin(pin, Json.string(Json.map(r.json(), "metadata"), "resourceVersion"));
    }

    @Override
    public void delete(String application, String expectedVersion) {
        seen.add(application);
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("apiVersion", "v1");
        options.put("kind", "DeleteOptions");
        if (!expectedVersion.isEmpty()) {
            options.put("preconditions", Map.of("resourceVersion", expectedVersion));
        }
        Retrying.Sent sent = send(ApiRequest.of("DELETE", path(application)).withBody(ApiRequest.JSON,
                Json.write(options)), application, "delete");
        ApiResponse r = sent.response();
        if (r.isSuccess() || r.code() == 404) {   // gone: deleted now, by an earlier attempt, or by someone else
            return;
        }
        if (r.code() == 409) {
            throw stale(application, "delete", expectedVersion);
        }
        throw ApiFailures.exception(null, "pin of " + application + ": delete", r);
    }

    /** @return the names of the pins stored, listed by the store's first read (readers meanwhile wait for it) */
    private Optional<PinNames> firstNames() {
        synchronized (listing) {
            if (!listed) {
                listed = true;
                names = PinNames.list(http, collection(), LABEL, attempts);
            }
            return names;
        }
    }

    private StoredPin decode(String application, Map<String, Object> configMap) {
        String version = Json.string(Json.map(configMap, "metadata"), "resourceVersion");
        try {
            return new StoredPin(PinCodec.decode(application, Json.map(configMap, "data")), version);
        } catch (IllegalArgumentException e) {
            throw new PinUnreadableException(application, version, e.getMessage() + " (ConfigMap "
                    + name(application) + " in namespace " + namespace + "); unpin removes it");
        }
    }

    private Optional<StoredPin> readQuietly(String application) {
        try {
            return read(application);
        } catch (TargetException e) {
            return Optional.empty();
        }
    }

    private Map<String, Object> body(String application, Pin pin, String resourceVersion) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("name", name(application));
        meta.put("namespace", namespace);
        meta.put("labels", Map.of(LABEL, application, "app.kubernetes.io/managed-by", "gitops4j"));
        if (!resourceVersion.isEmpty()) {
            meta.put("resourceVersion", resourceVersion);
        }
        Map<String, Object> cm = new LinkedHashMap<>();
        cm.put("apiVersion", "v1");
        cm.put("kind", "ConfigMap");
        cm.put("metadata", meta);
        cm.put("data", PinCodec.encode(application, pin));
        return cm;
    }

    private static TargetException stale(String application, String doing, String expectedVersion) {
        return new TargetException(null, Reason.STALE, "pin of " + application + ": " + doing + ": changed since it"
                + " was read (expected version '" + expectedVersion + "'); nothing was changed");
    }

    private Retrying.Sent send(ApiRequest request, String application, String doing) {
        try {
            return http.send(request, RetryBudget.of(attempts - 1));
        } catch (IOException e) {
            throw ApiFailures.unreachable(null, "pin of " + application + ": " + doing, e);
        }
    }

    private String collection() {
        return "/api/v1/namespaces/" + namespace + "/configmaps";
    }

    private String path(String application) {
        return collection() + "/" + name(application);
    }
}
