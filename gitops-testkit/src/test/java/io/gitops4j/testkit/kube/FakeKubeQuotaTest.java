package io.gitops4j.testkit.kube;

import static io.gitops4j.testkit.kube.Trees.at;
import static io.gitops4j.testkit.kube.Trees.str;
import static io.gitops4j.testkit.kube.Trees.yaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitops4j.testkit.FakeKube;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** ResourceQuota admission and status, as a server with the quota controller shows them. */
class FakeKubeQuotaTest {

    private final FakeKube kube = FakeKube.create();
    private final ResourceType quotas = kube.type("", "v1", "resourcequotas");
    private final ResourceType configMaps = kube.type("", "v1", "configmaps");
    private final ResourceType pods = kube.type("", "v1", "pods");

    private void quota(String yaml) {
        kube.create(quotas, "default", yaml(yaml), WriteOptions.defaults());
    }

    private Map<String, Object> configMap(String name, WriteOptions options) {
        return kube.create(configMaps, "default", yaml("metadata: {name: " + name + "}"), options).object();
    }

    private Map<String, Object> pod(String name, String resources) {
        return kube.create(pods, "default", yaml("metadata: {name: " + name + "}\nspec:\n  containers:\n"
                + "  - {name: c, image: busybox, resources: " + resources + "}"), WriteOptions.defaults()).object();
    }

    private Map<String, Object> used(String name) {
        return Trees.map(kube.get(quotas, "default", name), "status.used");
    }

    @Test
    void objectCountsAreLimitedAndReleased() {
        quota("metadata: {name: team}\nspec: {hard: {configmaps: '2', count/deployments.apps: '0'}}");
        assertThat(used("team")).containsEntry("configmaps", "0").containsEntry("count/deployments.apps", "0");
        assertThat(str(kube.get(quotas, "default", "team"), "status.hard.configmaps")).isEqualTo("2");

        configMap("c1", WriteOptions.defaults());
        configMap("c2", WriteOptions.defaults());
        assertThat(used("team")).containsEntry("configmaps", "2");

        assertThatThrownBy(() -> configMap("c3", WriteOptions.defaults()))
                .isInstanceOfSatisfying(FakeKubeException.class, e -> {
                    assertThat(e.code()).isEqualTo(403);
                    assertThat(e.reason()).isEqualTo("Forbidden");
                    assertThat(e.getMessage()).isEqualTo("configmaps \"c3\" is forbidden: exceeded quota: team, "
                            + "requested: configmaps=1, used: configmaps=2, limited: configmaps=2");
                });
        assertThatThrownBy(() -> configMap("c3", WriteOptions.defaults().withDryRun(true)))
                .as("a dry run meets the quota too").hasMessageContaining("exceeded quota: team");
        assertThatThrownBy(() -> kube.create(kube.type("apps", "v1", "deployments"), "default", yaml("""
                metadata: {name: web}
                spec:
                  selector: {matchLabels: {app: web}}
                  template: {metadata: {labels: {app: web}}, spec: {containers: [{name: c, image: nginx}]}}
                """), WriteOptions.defaults())).hasMessage("deployments.apps \"web\" is forbidden: exceeded quota: "
                + "team, requested: count/deployments.apps=1, used: count/deployments.apps=0, "
                + "limited: count/deployments.apps=0");

        kube.delete(configMaps, "default", "c1", DeleteOptions.defaults());
        assertThat(used("team")).as("the quota's usage follows deletes").containsEntry("configmaps", "1");
        assertThat(str(configMap("c3", WriteOptions.defaults()), "metadata.name")).isEqualTo("c3");
        assertThat(kube.list(configMaps, "other", ListOptions.defaults()).items()).isEmpty();
    }

    @Test
    void podComputeNeedsRequestsAndLimitsAndIsSummed() {
        quota("metadata: {name: compute}\nspec: {hard: {requests.cpu: '1', limits.memory: 1Gi, pods: '5'}}");

        assertThatThrownBy(() -> pod("bare", "{}")).hasMessage("pods \"bare\" is forbidden: failed quota: compute: "
                + "must specify limits.memory,requests.cpu");
        pod("p1", "{requests: {cpu: 600m}, limits: {memory: 512Mi}}");
        assertThat(used("compute")).containsEntry("requests.cpu", "600m").containsEntry("limits.memory", "512Mi")
                .containsEntry("pods", "1");

        assertThatThrownBy(() -> pod("p2", "{requests: {cpu: 600m}, limits: {memory: 512Mi}}"))
                .hasMessage("pods \"p2\" is forbidden: exceeded quota: compute, requested: requests.cpu=600m, "
                        + "used: requests.cpu=600m, limited: requests.cpu=1");
        pod("p3", "{requests: {cpu: 400m}, limits: {memory: 512Mi}}");
        assertThat(used("compute")).containsEntry("requests.cpu", "1").containsEntry("limits.memory", "1Gi");

        Map<String, Object> done = kube.get(pods, "default", "p1");
        done.put("status", yaml("{phase: Succeeded}"));
        kube.update(pods, "default", "p1", "status", done, WriteOptions.defaults());
        assertThat(used("compute")).as("finished pods use nothing").containsEntry("requests.cpu", "400m")
                .containsEntry("pods", "1");
    }

    @Test
    void scopedQuotasCountOnlyTheirPods() {
        quota("metadata: {name: best-effort}\nspec: {hard: {pods: '1'}, scopes: [BestEffort]}");

        pod("free1", "{}");
        assertThatThrownBy(() -> pod("free2", "{}")).hasMessageContaining("exceeded quota: best-effort");
        pod("paid", "{requests: {cpu: 100m, memory: 64Mi}}");
        configMap("any", WriteOptions.defaults());
        assertThat(used("best-effort")).isEqualTo(Map.of("pods", "1"));
    }

    @Test
    void statusWritesBumpTheQuotasResourceVersion() {
        quota("metadata: {name: team}\nspec: {hard: {secrets: '10'}}");
        String before = str(kube.get(quotas, "default", "team"), "metadata.resourceVersion");
        kube.create(kube.type("", "v1", "secrets"), "default", yaml("metadata: {name: s}\nstringData: {a: b}"),
                WriteOptions.defaults());
        Map<String, Object> after = kube.get(quotas, "default", "team");
        assertThat(str(after, "metadata.resourceVersion")).isNotEqualTo(before);
        assertThat(at(after, "status.used.secrets")).isEqualTo("1");
    }

    @Test
    void updatesThatAddUsageAreCheckedToo() {
        quota("metadata: {name: team}\nspec: {hard: {requests.storage: 3Gi, services.loadbalancers: '0'}}");
        ResourceType claims = kube.type("", "v1", "persistentvolumeclaims");
        String claim = "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: data}\nspec: {accessModes: "
                + "[ReadWriteOnce], resources: {requests: {storage: %s}}}";
        kube.patch(claims, "default", "data", PatchType.APPLY, claim.formatted("2Gi"), WriteOptions.apply("me"));
        kube.patch(claims, "default", "data", "status", PatchType.MERGE, "{\"status\":{\"phase\":\"Bound\"}}",
                WriteOptions.defaults()); // only a bound claim may ask for more

        assertThatThrownBy(() -> kube.patch(claims, "default", "data", PatchType.APPLY, claim.formatted("4Gi"),
                WriteOptions.apply("me"))).hasMessage("persistentvolumeclaims \"data\" is forbidden: exceeded quota: "
                + "team, requested: requests.storage=2Gi, used: requests.storage=2Gi, limited: requests.storage=3Gi");
        assertThat(used("team")).containsEntry("requests.storage", "2Gi");

        ResourceType services = kube.type("", "v1", "services");
        String svc = "apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec: {type: %s, ports: [{port: 80}]}";
        kube.patch(services, "default", "web", PatchType.APPLY, svc.formatted("ClusterIP"), WriteOptions.apply("me"));
        assertThatThrownBy(() -> kube.patch(services, "default", "web", PatchType.APPLY,
                svc.formatted("LoadBalancer"), WriteOptions.apply("me")))
                .hasMessageContaining("exceeded quota: team, requested: services.loadbalancers=1");
        kube.patch(services, "default", "web", PatchType.APPLY, svc.formatted("NodePort"), WriteOptions.apply("me"));
    }
}
