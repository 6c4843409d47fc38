package io.gitops4j.testkit.server.printers;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The built-in table printers of one served Kubernetes minor version, by API group and kind.
 *
 * <p>Covers the kinds a real kube-apiserver prints itself (Pod, the workloads, Job/CronJob, Service, Endpoints,
 * Ingress, IngressClass, NetworkPolicy, ConfigMap, Secret, ServiceAccount, Namespace, ResourceQuota, Node, Event,
 * Lease, PriorityClass, the webhook configurations, ControllerRevision, PersistentVolume(Claim), StorageClass, the
 * role bindings, PodDisruptionBudget, HorizontalPodAutoscaler) and the kinds it shows with its default
 * {@code NAME CREATED AT} table (Role, ClusterRole, LimitRange, CustomResourceDefinition). Custom resources are not
 * here: their columns come from the CRD. Immutable and thread-safe.
 */
public final class PrinterRegistry {
    /** The lowest and highest minor versions whose differences are modelled. */
    public static final int MIN_MINOR = 27;
    public static final int MAX_MINOR = 33;

    private final int minor;
    private final Map<String, KindPrinter> printers = new HashMap<>();
    private final KindPrinter hpaV1;
    private final KindPrinter hpaV2;

    private PrinterRegistry(int minor) {
        this.minor = minor;
        add("", "Pod", PodPrinters.pod(minor));
        add("apps", "Deployment", WorkloadPrinters.deployment());
        add("apps", "ReplicaSet", WorkloadPrinters.replicaSet());
        add("apps", "StatefulSet", WorkloadPrinters.statefulSet());
        add("apps", "DaemonSet", WorkloadPrinters.daemonSet());
        add("", "ReplicationController", WorkloadPrinters.replicationController());
        add("apps", "ControllerRevision", ClusterPrinters.controllerRevision());
        add("batch", "Job", BatchPrinters.job(minor));
        add("batch", "CronJob", BatchPrinters.cronJob(minor));
        add("", "Service", NetworkPrinters.service());
        add("", "Endpoints", NetworkPrinters.endpoints());
        add("networking.k8s.io", "Ingress", NetworkPrinters.ingress());
        add("networking.k8s.io", "IngressClass", NetworkPrinters.ingressClass());
        add("networking.k8s.io", "NetworkPolicy", NetworkPrinters.networkPolicy());
        add("", "ConfigMap", ConfigPrinters.configMap());
        add("", "Secret", ConfigPrinters.secret());
        add("", "ServiceAccount", ConfigPrinters.serviceAccount());
        add("", "Namespace", ConfigPrinters.namespace());
        add("", "ResourceQuota", ConfigPrinters.resourceQuota(minor));
        add("", "Node", ClusterPrinters.node());
        add("", "Event", EventPrinters.event(false));
        add("events.k8s.io", "Event", EventPrinters.event(true));
        add("coordination.k8s.io", "Lease", ClusterPrinters.lease());
        add("scheduling.k8s.io", "PriorityClass", ClusterPrinters.priorityClass(minor));
        add("admissionregistration.k8s.io", "MutatingWebhookConfiguration", ClusterPrinters.webhookConfiguration());
        add("admissionregistration.k8s.io", "ValidatingWebhookConfiguration", ClusterPrinters.webhookConfiguration());
        add("", "PersistentVolume", StoragePrinters.persistentVolume(minor));
        add("", "PersistentVolumeClaim", StoragePrinters.persistentVolumeClaim(minor));
        add("storage.k8s.io", "StorageClass", StoragePrinters.storageClass());
        add("rbac.authorization.k8s.io", "RoleBinding", RbacPrinters.binding());
        add("rbac.authorization.k8s.io", "ClusterRoleBinding", RbacPrinters.binding());
        add("policy", "PodDisruptionBudget", PolicyPrinters.podDisruptionBudget());
        hpaV1 = PolicyPrinters.horizontalPodAutoscaler(minor, true);
        hpaV2 = PolicyPrinters.horizontalPodAutoscaler(minor, false);
        KindPrinter createdAt = DefaultPrinter.createdAt();
        add("rbac.authorization.k8s.io", "Role", createdAt);
        add("rbac.authorization.k8s.io", "ClusterRole", createdAt);
        add("", "LimitRange", createdAt);
        add("apiextensions.k8s.io", "CustomResourceDefinition", createdAt);
    }

    /**
     * The printers a server announcing Kubernetes {@code 1.minor} uses. Versions below {@link #MIN_MINOR} print as
     * {@link #MIN_MINOR}, versions above {@link #MAX_MINOR} as {@link #MAX_MINOR}.
     */
    public static PrinterRegistry forMinor(int minor) {
        return new PrinterRegistry(Math.max(MIN_MINOR, Math.min(MAX_MINOR, minor)));
    }

    /** The minor version these printers follow (the requested one, clamped to the modelled range). */
    public int minor() {
        return minor;
    }

    /**
     * The printer of {@code kind} in {@code group} ({@code ""} for the core group) served as {@code version}; empty
     * for kinds without a built-in printer (custom resources). HorizontalPodAutoscaler depends on the version
     * ({@code v1} objects carry CPU fields instead of metrics).
     */
    public Optional<KindPrinter> find(String group, String version, String kind) {
        if (group.equals("autoscaling") && kind.equals("HorizontalPodAutoscaler")) {
            return Optional.of(version.equals("v1") ? hpaV1 : hpaV2);
        }
        return Optional.ofNullable(printers.get(group + "/" + kind));
    }

    private void add(String group, String kind, KindPrinter printer) {
        printers.put(group + "/" + kind, printer);
    }
}
