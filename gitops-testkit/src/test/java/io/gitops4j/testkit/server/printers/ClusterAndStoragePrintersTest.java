package io.gitops4j.testkit.server.printers;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class ClusterAndStoragePrintersTest {
    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

    @Test
    void nodeStatusRolesAndUnknownInfo() {
        assertThat(ClusterPrinters.nodeStatus(Json.of("{'status':{'conditions':[{'type':'Ready','status':'False'}]},"
                + "'spec':{'unschedulable':true}}"))).isEqualTo("NotReady,SchedulingDisabled");
        assertThat(ClusterPrinters.nodeStatus(Json.of("{}"))).isEqualTo("Unknown");
        assertThat(ClusterPrinters.roles(Json.of("{'node-role.kubernetes.io/worker':'','node-role.kubernetes.io/':'',"
                + "'kubernetes.io/role':'edge','node-role.kubernetes.io/control-plane':''}")))
                .isEqualTo("control-plane,edge,worker");
        assertThat(ClusterPrinters.node().row(Json.of("{'metadata':{'name':'n'}}"), NOW))
                .containsExactly("n", "Unknown", "<none>", "<unknown>", "", "<none>", "<none>", "<unknown>",
                        "<unknown>", "<unknown>");
    }

    @Test
    void controllerRevisionNamesItsControllerByGroupKind() {
        assertThat(ClusterPrinters.controllerRevision().row(Json.of("{'metadata':{'name':'web-5d8','ownerReferences':"
                + "[{'apiVersion':'apps/v1','kind':'StatefulSet','name':'web','controller':true}]},'revision':3}"), NOW))
                .containsExactly("web-5d8", "statefulset.apps/web", 3L, "<unknown>");
    }

    @Test
    void accessModesInFixedOrderOnce() {
        assertThat(StoragePrinters.accessModes(Json.of("['ReadWriteOncePod','ReadWriteMany','ReadWriteOnce',"
                + "'ReadWriteOnce']"))).isEqualTo("RWO,RWX,RWOP");
    }

    @Test
    void volumesShowTerminatingClaimAndBetaClass() {
        KindPrinter pv = StoragePrinters.persistentVolume(33);
        assertThat(pv.row(Json.of("{'metadata':{'name':'v','deletionTimestamp':'2026-06-01T11:00:00Z','annotations':"
                + "{'volume.beta.kubernetes.io/storage-class':'slow'}},'spec':{'storageClassName':'fast',"
                + "'capacity':{'storage':'5Gi'},'accessModes':['ReadWriteOnce'],'persistentVolumeReclaimPolicy':"
                + "'Delete','volumeAttributesClassName':'gold'},'status':{'phase':'Released','reason':'gone'}}"), NOW))
                .containsExactly("v", "5Gi", "RWO", "Delete", "Terminating", "", "slow", "gold", "gone", "<unknown>",
                        "<unset>");
        assertThat(StoragePrinters.persistentVolume(28).columns()).extracting(Column::name)
                .doesNotContain("VolumeAttributesClass");
    }

    @Test
    void unboundClaimsShowNoCapacityOrModes() {
        KindPrinter pvc = StoragePrinters.persistentVolumeClaim(29);
        assertThat(pvc.row(Json.of("{'metadata':{'name':'c'},'spec':{'accessModes':['ReadWriteOnce'],"
                + "'resources':{'requests':{'storage':'1Gi'}}},'status':{'phase':'Pending'}}"), NOW))
                .containsExactly("c", "Pending", "", "", "", "", "<unset>", "<unknown>", "<unset>");
    }

    @Test
    void storageClassDefaultsAndDefaultMarker() {
        assertThat(StoragePrinters.storageClass().row(Json.of("{'metadata':{'name':'std','annotations':"
                + "{'storageclass.beta.kubernetes.io/is-default-class':'true'}},'provisioner':'x'}"), NOW))
                .containsExactly("std (default)", "x", "Delete", "Immediate", false, "<unknown>");
    }

    @Test
    void quotaUsageSplitsLimitsFromRequests() {
        assertThat(ConfigPrinters.quotaUsage(Json.of("{'hard':{'requests.memory':'1Gi','limits.cpu':'4','pods':'5',"
                + "'limitsfoo':'1'},'used':{'limits.cpu':'1'}}")))
                .containsExactly("limitsfoo: 0/1, pods: 0/5, requests.memory: 0/1Gi", "limits.cpu: 1/4");
    }

    @Test
    void configMapCountsBinaryDataAndSecretCountsData() {
        assertThat(ConfigPrinters.configMap().row(Json.of("{'metadata':{'name':'c'},'data':{'a':'1'},'binaryData':"
                + "{'b':'AA=='}}"), NOW).get(1)).isEqualTo(2L);
        assertThat(ConfigPrinters.secret().row(Json.of("{'metadata':{'name':'s'},'type':'kubernetes.io/tls',"
                + "'data':{'tls.crt':'','tls.key':''}}"), NOW)).containsExactly("s", "kubernetes.io/tls", 2L,
                "<unknown>");
    }
}
