package io.gitops4j.testkit.kube;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The built-in resource types of a v1.33 API server that the fake serves, with their real discovery names. */
public final class BuiltinTypes {

    private static final List<String> ALL = List.of("all");
    private static final List<String> API_EXT = List.of("api-extensions");
    private static final Set<String> STATUS = Set.of("status");
    private static final Set<String> STATUS_SCALE = Set.of("status", "scale");

    private static final List<ResourceType> TYPES = build();

    private BuiltinTypes() {
    }

    /** Every built-in type, core group first. */
    public static List<ResourceType> all() {
        return TYPES;
    }

    private static List<ResourceType> build() {
        List<ResourceType> t = new ArrayList<>();
        t.add(new ResourceType("", "v1", "namespaces", "namespace", "Namespace", false,
                List.of("create", "delete", "get", "list", "patch", "update", "watch"), List.of("ns"), List.of(),
                STATUS, List.of(), java.util.Map.of()));
        t.add(core("configmaps", "ConfigMap", true, List.of("cm"), List.of(), Set.of()));
        t.add(core("secrets", "Secret", true, List.of(), List.of(), Set.of()));
        t.add(core("services", "Service", true, List.of("svc"), ALL, STATUS));
        t.add(core("serviceaccounts", "ServiceAccount", true, List.of("sa"), List.of(), Set.of()));
        t.add(core("pods", "Pod", true, List.of("po"), ALL, STATUS));
        t.add(core("persistentvolumeclaims", "PersistentVolumeClaim", true, List.of("pvc"), List.of(), STATUS));
        t.add(core("persistentvolumes", "PersistentVolume", false, List.of("pv"), List.of(), STATUS));
        t.add(core("events", "Event", true, List.of("ev"), List.of(), Set.of()));
        t.add(core("endpoints", "Endpoints", true, List.of("ep"), List.of(), Set.of()));
        t.add(core("nodes", "Node", false, List.of("no"), List.of(), STATUS));
        t.add(core("limitranges", "LimitRange", true, List.of("limits"), List.of(), Set.of()));
        t.add(core("resourcequotas", "ResourceQuota", true, List.of("quota"), List.of(), STATUS));
        t.add(core("replicationcontrollers", "ReplicationController", true, List.of("rc"), ALL, STATUS_SCALE));
        t.add(ResourceType.of("apps", "v1", "deployments", "Deployment", true, List.of("deploy"), ALL, STATUS_SCALE));
        t.add(ResourceType.of("apps", "v1", "statefulsets", "StatefulSet", true, List.of("sts"), ALL, STATUS_SCALE));
        t.add(ResourceType.of("apps", "v1", "daemonsets", "DaemonSet", true, List.of("ds"), ALL, STATUS));
        t.add(ResourceType.of("apps", "v1", "replicasets", "ReplicaSet", true, List.of("rs"), ALL, STATUS_SCALE));
        t.add(ResourceType.of("apps", "v1", "controllerrevisions", "ControllerRevision", true, List.of(), List.of(),
                Set.of()));
        t.add(ResourceType.of("batch", "v1", "jobs", "Job", true, List.of(), ALL, STATUS));
        t.add(ResourceType.of("batch", "v1", "cronjobs", "CronJob", true, List.of("cj"), ALL, STATUS));
        t.add(ResourceType.of("networking.k8s.io", "v1", "ingresses", "Ingress", true, List.of("ing"), List.of(),
                STATUS));
        t.add(ResourceType.of("networking.k8s.io", "v1", "ingressclasses", "IngressClass", false, List.of(),
                List.of(), Set.of()));
        t.add(ResourceType.of("networking.k8s.io", "v1", "networkpolicies", "NetworkPolicy", true,
                List.of("netpol"), List.of(), Set.of()));
        t.add(ResourceType.of("rbac.authorization.k8s.io", "v1", "roles", "Role", true, List.of(), List.of(),
                Set.of()));
        t.add(ResourceType.of("rbac.authorization.k8s.io", "v1", "rolebindings", "RoleBinding", true, List.of(),
                List.of(), Set.of()));
        t.add(ResourceType.of("rbac.authorization.k8s.io", "v1", "clusterroles", "ClusterRole", false, List.of(),
                List.of(), Set.of()));
        t.add(ResourceType.of("rbac.authorization.k8s.io", "v1", "clusterrolebindings", "ClusterRoleBinding", false,
                List.of(), List.of(), Set.of()));
        t.add(ResourceType.of("apiextensions.k8s.io", "v1", "customresourcedefinitions", "CustomResourceDefinition",
                false, List.of("crd", "crds"), API_EXT, STATUS));
        t.add(ResourceType.of("policy", "v1", "poddisruptionbudgets", "PodDisruptionBudget", true, List.of("pdb"),
                List.of(), STATUS));
        t.add(ResourceType.of("autoscaling", "v2", "horizontalpodautoscalers", "HorizontalPodAutoscaler", true,
                List.of("hpa"), ALL, STATUS));
        t.add(ResourceType.of("autoscaling", "v1", "horizontalpodautoscalers", "HorizontalPodAutoscaler", true,
                List.of("hpa"), ALL, STATUS));
        t.add(ResourceType.of("coordination.k8s.io", "v1", "leases", "Lease", true, List.of(), List.of(), Set.of()));
        t.add(ResourceType.of("storage.k8s.io", "v1", "storageclasses", "StorageClass", false, List.of("sc"),
                List.of(), Set.of()));
        t.add(ResourceType.of("scheduling.k8s.io", "v1", "priorityclasses", "PriorityClass", false, List.of("pc"),
                List.of(), Set.of()));
        t.add(ResourceType.of("admissionregistration.k8s.io", "v1", "mutatingwebhookconfigurations",
                "MutatingWebhookConfiguration", false, List.of(), API_EXT, Set.of()));
        t.add(ResourceType.of("admissionregistration.k8s.io", "v1", "validatingwebhookconfigurations",
                "ValidatingWebhookConfiguration", false, List.of(), API_EXT, Set.of()));
        t.add(ResourceType.of("events.k8s.io", "v1", "events", "Event", true, List.of("ev"), List.of(), Set.of()));
        return List.copyOf(t);
    }

    private static ResourceType core(String plural, String kind, boolean namespaced, List<String> shortNames,
                                     List<String> categories, Set<String> subresources) {
        return ResourceType.of("", "v1", plural, kind, namespaced, shortNames, categories, subresources);
    }
}
