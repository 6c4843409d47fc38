package io.gitops4j.testkit.kube.internal;

import io.gitops4j.testkit.kube.ResourceType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The defaults the real API server fills in for the common built-in kinds (v1.33 {@code SetDefaults_*} functions
 * and the allocators a Service goes through), so that what a client reads back looks like what a cluster shows:
 * pod templates (restartPolicy, dnsPolicy, schedulerName, terminationGracePeriodSeconds, container
 * terminationMessage*, imagePullPolicy, port protocols, probe timings, volume modes), Deployments, StatefulSets,
 * DaemonSets, ReplicaSets, Jobs, CronJobs, Pods, Services (type, clusterIP, ipFamilies, port protocol and
 * targetPort, nodePorts), PersistentVolumeClaims. Only absent fields are set. Stateless, thread-safe.
 */
final class Defaults {

    private Defaults() {
    }

    /**
     * Fills in defaults. {@code old} is the stored object on an update (allocated Service values are kept from
     * it), null on create.
     */
    static void apply(ResourceType type, Map<String, Object> object, Map<String, Object> old) {
        String g = type.group();
        String r = type.plural();
        Map<String, Object> spec = Trees.map(object, "spec");
        if (spec == null) {
            return;
        }
        if (g.equals("apps")) {
            switch (r) {
                case "deployments" -> deployment(spec);
                case "statefulsets" -> statefulSet(spec);
                case "daemonsets" -> daemonSet(spec);
                case "replicasets" -> {
                    spec.putIfAbsent("replicas", 1L);
                    template(spec, "Always");
                }
                default -> {
                }
            }
        } else if (g.equals("batch")) {
            if (r.equals("jobs")) {
                job(spec);
            } else if (r.equals("cronjobs")) {
                spec.putIfAbsent("concurrencyPolicy", "Allow");
                spec.putIfAbsent("suspend", false);
                spec.putIfAbsent("successfulJobsHistoryLimit", 3L);
                spec.putIfAbsent("failedJobsHistoryLimit", 1L);
                Map<String, Object> jobSpec = Trees.map(Trees.map(spec, "jobTemplate"), "spec");
                if (jobSpec != null) {
                    job(jobSpec);
                }
            }
        } else if (g.isEmpty()) {
            switch (r) {
                case "pods" -> {
                    podSpec(spec, "Always");
                    spec.putIfAbsent("enableServiceLinks", true);
                    spec.putIfAbsent("preemptionPolicy", "PreemptLowerPriority");
                    spec.putIfAbsent("priority", 0L);
                }
                case "services" -> service(spec, Trees.map(old, "spec"));
                case "persistentvolumeclaims" -> spec.putIfAbsent("volumeMode", "Filesystem");
                case "replicationcontrollers" -> {
                    spec.putIfAbsent("replicas", 1L);
                    template(spec, "Always");
                }
                default -> {
                }
            }
        }
    }

    private static void deployment(Map<String, Object> spec) {
        spec.putIfAbsent("replicas", 1L);
        Map<String, Object> strategy = Trees.mapOrCreate(spec, "strategy");
        strategy.putIfAbsent("type", "RollingUpdate");
        if ("RollingUpdate".equals(strategy.get("type"))) {
            Map<String, Object> rolling = Trees.mapOrCreate(strategy, "rollingUpdate");
            rolling.putIfAbsent("maxUnavailable", "25%");
            rolling.putIfAbsent("maxSurge", "25%");
        }
        spec.putIfAbsent("revisionHistoryLimit", 10L);
        spec.putIfAbsent("progressDeadlineSeconds", 600L);
        template(spec, "Always");
    }

    private static void statefulSet(Map<String, Object> spec) {
        spec.putIfAbsent("replicas", 1L);
        spec.putIfAbsent("podManagementPolicy", "OrderedReady");
        Map<String, Object> strategy = Trees.mapOrCreate(spec, "updateStrategy");
        strategy.putIfAbsent("type", "RollingUpdate");
        if ("RollingUpdate".equals(strategy.get("type"))) {
            Trees.mapOrCreate(strategy, "rollingUpdate").putIfAbsent("partition", 0L);
        }
        spec.putIfAbsent("revisionHistoryLimit", 10L);
        Map<String, Object> retention = Trees.mapOrCreate(spec, "persistentVolumeClaimRetentionPolicy");
        retention.putIfAbsent("whenDeleted", "Retain");
        retention.putIfAbsent("whenScaled", "Retain");
        for (Map<String, Object> claim : maps(Trees.list(spec, "volumeClaimTemplates"))) {
            claim.putIfAbsent("apiVersion", "v1");
            claim.putIfAbsent("kind", "PersistentVolumeClaim");
            Map<String, Object> claimSpec = Trees.map(claim, "spec");
            if (claimSpec != null) {
                claimSpec.putIfAbsent("volumeMode", "Filesystem");
            }
            claim.putIfAbsent("status", new LinkedHashMap<>(Map.of("phase", "Pending")));
        }
        template(spec, "Always");
    }

    private static void daemonSet(Map<String, Object> spec) {
        Map<String, Object> strategy = Trees.mapOrCreate(spec, "updateStrategy");
        strategy.putIfAbsent("type", "RollingUpdate");
        if ("RollingUpdate".equals(strategy.get("type"))) {
            Map<String, Object> rolling = Trees.mapOrCreate(strategy, "rollingUpdate");
            rolling.putIfAbsent("maxUnavailable", 1L);
            rolling.putIfAbsent("maxSurge", 0L);
        }
        spec.putIfAbsent("revisionHistoryLimit", 10L);
        template(spec, "Always");
    }

    private static void job(Map<String, Object> spec) {
        if (!spec.containsKey("completions") && !spec.containsKey("parallelism")) {
            spec.put("completions", 1L);
        }
        spec.putIfAbsent("parallelism", 1L);
        spec.putIfAbsent("backoffLimit", 6L);
        spec.putIfAbsent("completionMode", "NonIndexed");
        spec.putIfAbsent("suspend", false);
        spec.putIfAbsent("podReplacementPolicy", "TerminatingOrFailed");
        template(spec, null);
    }

    private static void template(Map<String, Object> spec, String restartPolicy) {
        Map<String, Object> template = Trees.map(spec, "template");
        if (template == null) {
            return;
        }
        Map<String, Object> meta = Trees.mapOrCreate(template, "metadata");
        meta.putIfAbsent("creationTimestamp", null);
        Map<String, Object> podSpec = Trees.map(template, "spec");
        if (podSpec != null) {
            podSpec(podSpec, restartPolicy);
        }
    }

    private static void podSpec(Map<String, Object> spec, String restartPolicy) {
        if (restartPolicy != null) {
            spec.putIfAbsent("restartPolicy", restartPolicy);
        }
        spec.putIfAbsent("terminationGracePeriodSeconds", 30L);
        spec.putIfAbsent("dnsPolicy", "ClusterFirst");
        spec.putIfAbsent("securityContext", new LinkedHashMap<>());
        spec.putIfAbsent("schedulerName", "default-scheduler");
        for (String list : List.of("initContainers", "containers")) {
            for (Map<String, Object> c : maps(Trees.list(spec, list))) {
                container(c);
            }
        }
        for (Map<String, Object> v : maps(Trees.list(spec, "volumes"))) {
            for (String source : List.of("configMap", "secret")) {
                Map<String, Object> s = Trees.map(v, source);
                if (s != null) {
                    s.putIfAbsent("defaultMode", 420L);
                }
            }
            Map<String, Object> hostPath = Trees.map(v, "hostPath");
            if (hostPath != null) {
                hostPath.putIfAbsent("type", "");
            }
            Map<String, Object> projected = Trees.map(v, "projected");
            if (projected != null) {
                projected.putIfAbsent("defaultMode", 420L);
            }
        }
    }

    private static void container(Map<String, Object> c) {
        c.putIfAbsent("terminationMessagePath", "/dev/termination-log");
        c.putIfAbsent("terminationMessagePolicy", "File");
        c.putIfAbsent("resources", new LinkedHashMap<>());
        String image = Trees.string(c, "image");
        if (!c.containsKey("imagePullPolicy") && !image.isEmpty()) {
            String last = image.substring(image.lastIndexOf('/') + 1);
            boolean latest = !last.contains(":") && !image.contains("@") || last.endsWith(":latest");
            c.put("imagePullPolicy", latest ? "Always" : "IfNotPresent");
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
                Map<String, Object> http = Trees.map(pr, "httpGet");
                if (http != null) {
                    http.putIfAbsent("scheme", "HTTP");
                }
            }
        }
        for (Map<String, Object> e : maps(Trees.list(c, "env"))) {
            Map<String, Object> fieldRef = Trees.map(Trees.map(e, "valueFrom"), "fieldRef");
            if (fieldRef != null) {
                fieldRef.putIfAbsent("apiVersion", "v1");
            }
        }
    }

    private static void service(Map<String, Object> spec, Map<String, Object> oldSpec) {
        spec.putIfAbsent("type", "ClusterIP");
        String type = Trees.string(spec, "type");
        spec.putIfAbsent("sessionAffinity", "None");
        if (type.equals("ExternalName")) {
            return;
        }
        if (oldSpec != null) {
            for (String k : List.of("clusterIP", "clusterIPs", "ipFamilies", "ipFamilyPolicy")) {
                if (!spec.containsKey(k) && oldSpec.containsKey(k)) {
                    spec.put(k, Trees.copy(oldSpec.get(k)));
                }
            }
        }
        if (!spec.containsKey("clusterIP")) {
            ThreadLocalRandom rnd = ThreadLocalRandom.current();
            spec.put("clusterIP", "10.96." + rnd.nextInt(0, 256) + "." + rnd.nextInt(1, 255));
        }
        if (!"None".equals(spec.get("clusterIP"))) {
            spec.putIfAbsent("clusterIPs", new ArrayList<>(List.of(spec.get("clusterIP"))));
        } else {
            spec.putIfAbsent("clusterIPs", new ArrayList<>(List.of("None")));
        }
        spec.putIfAbsent("ipFamilies", new ArrayList<>(List.of("IPv4")));
        spec.putIfAbsent("ipFamilyPolicy", "SingleStack");
        spec.putIfAbsent("internalTrafficPolicy", "Cluster");
        boolean nodePorts = type.equals("NodePort") || type.equals("LoadBalancer");
        if (nodePorts) {
            spec.putIfAbsent("externalTrafficPolicy", "Cluster");
        }
        if (type.equals("LoadBalancer")) {
            spec.putIfAbsent("allocateLoadBalancerNodePorts", true);
        }
        List<Map<String, Object>> oldPorts = maps(Trees.list(oldSpec, "ports"));
        for (Map<String, Object> p : maps(Trees.list(spec, "ports"))) {
            p.putIfAbsent("protocol", "TCP");
            if (p.get("port") != null) {
                p.putIfAbsent("targetPort", p.get("port"));
            }
            if (nodePorts && !p.containsKey("nodePort")) {
                Object kept = oldPorts.stream().filter(o -> java.util.Objects.equals(o.get("port"), p.get("port")))
                        .map(o -> o.get("nodePort")).filter(java.util.Objects::nonNull).findFirst().orElse(null);
                p.put("nodePort", kept != null ? kept : (long) ThreadLocalRandom.current().nextInt(30000, 32768));
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> maps(List<Object> list) {
        List<Map<String, Object>> out = new ArrayList<>();
        if (list != null) {
            for (Object o : list) {
                if (o instanceof Map<?, ?>) {
                    out.add((Map<String, Object>) o);
                }
            }
        }
        return out;
    }
}
