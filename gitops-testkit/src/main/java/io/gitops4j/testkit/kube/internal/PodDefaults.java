package io.gitops4j.testkit.kube.internal;

import static io.gitops4j.testkit.kube.internal.Defaults.maps;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The defaults a v1.33 API server gives every pod spec, wherever it sits (a Pod, the template of a workload, the
 * job template of a CronJob): restartPolicy, dnsPolicy, schedulerName, terminationGracePeriodSeconds,
 * {@code securityContext: {}}, the {@code serviceAccount} mirror of {@code serviceAccountName}, per container (init,
 * regular and ephemeral) terminationMessage*, imagePullPolicy, {@code resources: {}}, port protocols, probe
 * timings, HTTP handler path and scheme, gRPC service; per volume the default source (emptyDir), file modes,
 * downward-API field versions and divisors, token lifetimes and ephemeral claim templates. Pods alone also get requests copied
 * from limits, host ports on the host network and {@code enableServiceLinks}. Only absent fields are set, so
 * applying the same defaults twice changes nothing. Stateless.
 */
final class PodDefaults {

    private static final List<String> CONTAINER_LISTS = List.of("initContainers", "containers",
            "ephemeralContainers");

    private PodDefaults() {
    }

    /**
     * Defaults the pod template at {@code holder.template} (if any): its metadata gets the
     * {@code creationTimestamp: null} every embedded object meta shows, its spec the pod spec defaults.
     */
    static void template(Map<String, Object> holder) {
        Map<String, Object> template = Trees.map(holder, "template");
        if (template == null) {
            return;
        }
        Trees.mapOrCreate(template, "metadata").putIfAbsent("creationTimestamp", null);
        Map<String, Object> podSpec = Trees.map(template, "spec");
        if (podSpec != null) {
            podSpec(podSpec);
        }
    }

    /** Defaults a Pod's spec: the pod spec defaults plus those only a Pod gets. */
    static void pod(Map<String, Object> spec) {
        podSpec(spec);
        for (String list : List.of("initContainers", "containers")) {
            for (Map<String, Object> c : maps(Trees.list(spec, list))) {
                requestsFromLimits(c);
            }
        }
        spec.putIfAbsent("enableServiceLinks", true);
        if (Boolean.TRUE.equals(spec.get("hostNetwork"))) {
            for (String list : List.of("initContainers", "containers")) {
                for (Map<String, Object> c : maps(Trees.list(spec, list))) {
                    for (Map<String, Object> p : maps(Trees.list(c, "ports"))) {
                        if (isZero(p.get("hostPort"))) {
                            p.put("hostPort", p.get("containerPort"));
                        }
                    }
                }
            }
        }
    }

    /** Defaults any pod spec. */
    static void podSpec(Map<String, Object> spec) {
        spec.putIfAbsent("dnsPolicy", "ClusterFirst");
        spec.putIfAbsent("restartPolicy", "Always");
        spec.putIfAbsent("securityContext", new LinkedHashMap<>());
        spec.putIfAbsent("terminationGracePeriodSeconds", 30L);
        spec.putIfAbsent("schedulerName", "default-scheduler");
        String account = Trees.string(spec, "serviceAccountName");
        if (account.isEmpty() && !Trees.string(spec, "serviceAccount").isEmpty()) {
            spec.put("serviceAccountName", spec.get("serviceAccount"));
        } else if (!account.isEmpty()) {
            spec.put("serviceAccount", account);
        }
        for (String list : CONTAINER_LISTS) {
            for (Map<String, Object> c : maps(Trees.list(spec, list))) {
                container(c);
            }
        }
        for (Map<String, Object> v : maps(Trees.list(spec, "volumes"))) {
            volume(v);
        }
    }

    private static void container(Map<String, Object> c) {
        c.putIfAbsent("terminationMessagePath", "/dev/termination-log");
        c.putIfAbsent("terminationMessagePolicy", "File");
        c.putIfAbsent("resources", new LinkedHashMap<>());
        if (Trees.string(c, "imagePullPolicy").isEmpty()) {
            c.put("imagePullPolicy", "latest".equals(imageTag(Trees.string(c, "image"))) ? "Always" : "IfNotPresent");
        }
        for (Map<String, Object> p : maps(Trees.list(c, "ports"))) {
            p.putIfAbsent("protocol", "TCP");
        }
        for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
            Map<String, Object> pr = Trees.map(c, probe);
            if (pr != null) {
                pr.putIfAbsent("timeoutSeconds", 1L);
                pr.putIfAbsent("periodSeconds", 10L);
                pr.putIfAbsent("successThreshold", 1L);
                pr.putIfAbsent("failureThreshold", 3L);
                handler(pr);
            }
        }
        Map<String, Object> lifecycle = Trees.map(c, "lifecycle");
        for (String hook : List.of("postStart", "preStop")) {
            handler(Trees.map(lifecycle, hook));
        }
        for (Map<String, Object> e : maps(Trees.list(c, "env"))) {
            fieldRef(Trees.map(Trees.map(e, "valueFrom"), "fieldRef"));
            resourceFieldRef(Trees.map(Trees.map(e, "valueFrom"), "resourceFieldRef"));
        }
    }

    /** The HTTP and gRPC actions a probe or lifecycle hook may carry. */
    private static void handler(Map<String, Object> handler) {
        Map<String, Object> http = Trees.map(handler, "httpGet");
        if (http != null) {
            if (Trees.string(http, "path").isEmpty()) {
                http.put("path", "/");
            }
            http.putIfAbsent("scheme", "HTTP");
        }
        Map<String, Object> grpc = Trees.map(handler, "grpc");
        if (grpc != null) {
            grpc.putIfAbsent("service", "");
        }
    }

    private static void volume(Map<String, Object> v) {
        boolean hasSource = v.keySet().stream().anyMatch(k -> !k.equals("name") && v.get(k) != null);
        if (!hasSource) {
            v.put("emptyDir", new LinkedHashMap<>());
        }
        for (String source : List.of("configMap", "secret", "downwardAPI", "projected")) {
            Map<String, Object> s = Trees.map(v, source);
            if (s != null) {
                s.putIfAbsent("defaultMode", 420L);
            }
        }
        for (Map<String, Object> item : maps(Trees.list(Trees.map(v, "downwardAPI"), "items"))) {
            fieldRef(Trees.map(item, "fieldRef"));
            resourceFieldRef(Trees.map(item, "resourceFieldRef"));
        }
        for (Map<String, Object> projection : maps(Trees.list(Trees.map(v, "projected"), "sources"))) {
            for (Map<String, Object> item : maps(Trees.list(Trees.map(projection, "downwardAPI"), "items"))) {
                fieldRef(Trees.map(item, "fieldRef"));
                resourceFieldRef(Trees.map(item, "resourceFieldRef"));
            }
            Map<String, Object> token = Trees.map(projection, "serviceAccountToken");
            if (token != null) {
                token.putIfAbsent("expirationSeconds", 3600L);
            }
        }
        Map<String, Object> claimTemplate = Trees.map(Trees.map(v, "ephemeral"), "volumeClaimTemplate");
        if (claimTemplate != null) {
            Trees.mapOrCreate(claimTemplate, "metadata").putIfAbsent("creationTimestamp", null);
            Map<String, Object> claimSpec = Trees.map(claimTemplate, "spec");
            if (claimSpec != null) {
                StorageDefaults.claimSpec(claimSpec);
            }
        }
        Map<String, Object> hostPath = Trees.map(v, "hostPath");
        if (hostPath != null) {
            hostPath.putIfAbsent("type", "");
        }
        Map<String, Object> iscsi = Trees.map(v, "iscsi");
        if (iscsi != null) {
            iscsi.putIfAbsent("iscsiInterface", "default");
        }
        Map<String, Object> rbd = Trees.map(v, "rbd");
        if (rbd != null) {
            rbd.putIfAbsent("pool", "rbd");
            rbd.putIfAbsent("user", "admin");
            rbd.putIfAbsent("keyring", "/etc/ceph/keyring");
        }
        Map<String, Object> azureDisk = Trees.map(v, "azureDisk");
        if (azureDisk != null) {
            azureDisk.putIfAbsent("cachingMode", "ReadWrite");
            azureDisk.putIfAbsent("fsType", "ext4");
            azureDisk.putIfAbsent("readOnly", false);
            azureDisk.putIfAbsent("kind", "Shared");
        }
        Map<String, Object> scaleIO = Trees.map(v, "scaleIO");
        if (scaleIO != null) {
            scaleIO.putIfAbsent("storageMode", "ThinProvisioned");
            scaleIO.putIfAbsent("fsType", "xfs");
        }
    }

    private static void fieldRef(Map<String, Object> fieldRef) {
        if (fieldRef != null) {
            fieldRef.putIfAbsent("apiVersion", "v1");
        }
    }

    /** A resource field reference always shows its divisor: the zero quantity when none is given. */
    private static void resourceFieldRef(Map<String, Object> ref) {
        if (ref != null) {
            ref.putIfAbsent("divisor", "0");
        }
    }

    /** A Pod (not a template) asks for what it limits when it names no request for that resource. */
    private static void requestsFromLimits(Map<String, Object> c) {
        Map<String, Object> limits = Trees.map(Trees.map(c, "resources"), "limits");
        if (limits == null || limits.isEmpty()) {
            return;
        }
        Map<String, Object> requests = Trees.mapOrCreate(Trees.map(c, "resources"), "requests");
        limits.forEach(requests::putIfAbsent);
    }

    /**
     * The tag of an image reference as the server reads it: "latest" when the reference names neither tag nor
     * digest, "" when it names only a digest (or is empty).
     */
    static String imageTag(String image) {
        if (image.isEmpty()) {
            return "";
        }
        int at = image.indexOf('@');
        String name = at >= 0 ? image.substring(0, at) : image;
        int colon = name.lastIndexOf(':');
        if (colon > name.lastIndexOf('/')) {
            return name.substring(colon + 1);
        }
        return at >= 0 ? "" : "latest";
    }

    private static boolean isZero(Object value) {
        return value == null || value instanceof Number n && n.longValue() == 0;
    }
}
