package com.example.console;

import io.gitops4j.api.Reconciler;
import io.gitops4j.core.GitOps;
import io.gitops4j.k8s.KubernetesTarget;
import java.nio.file.Path;

/** The README's "A real cluster": a reconciler writing to the cluster a kubeconfig's context names. */
public final class ProdCluster {
    private ProdCluster() {}

    /** Reads the kubeconfig now; a file or context that cannot be used is a {@code TargetException} (INVALID). */
    public static Reconciler reconciler() {
        // snippet:real-cluster
        KubernetesTarget cluster = KubernetesTarget.builder()
            .kubeconfig(Path.of("/etc/acme/kubeconfig"), "prod")   // a kubeconfig and a context (null: its current one);
                                                                   // tokens, client certificates, exec plugins
            // .inCluster()                                        // or the ServiceAccount of the Pod the host runs in
            // .apiClient(apiClient)                               // or an ApiClient the host configured; never closed
            .fieldManager("acme-console")                          // optional, default "gitops4j"
            .inventoryNamespace("gitops4j")                        // optional, default "default"; it must exist
            .build();
        Reconciler reconciler = GitOps.reconciler().target(cluster).build();
        // end:real-cluster
        return reconciler;
    }
}
