package io.gitops4j.testkit.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import io.kubernetes.client.proto.IntStr;
import io.kubernetes.client.proto.Meta;
import io.kubernetes.client.proto.Runtime;
import io.kubernetes.client.proto.V1;
import io.kubernetes.client.proto.V1Apps;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProtobufBodiesTest {
    static byte[] wire(String apiVersion, String kind, Message object) {
        Runtime.Unknown unknown = Runtime.Unknown.newBuilder()
                .setTypeMeta(Runtime.TypeMeta.newBuilder().setApiVersion(apiVersion).setKind(kind))
                .setRaw(object.toByteString())
                .setContentEncoding("")
                .setContentType("")
                .build();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ProtobufBodies.MAGIC);
        out.writeBytes(unknown.toByteArray());
        return out.toByteArray();
    }

    @Test
    @DisplayName("a ConfigMap as kubectl create configmap sends it decodes to its JSON shape")
    void configMap() throws Exception {
        V1.ConfigMap cm = V1.ConfigMap.newBuilder()
                .setMetadata(Meta.ObjectMeta.newBuilder().setName("c2").setNamespace("")
                        .setCreationTimestamp(Meta.Time.newBuilder().setSeconds(0).setNanos(0)))
                .putData("a", "b")
                .putData("empty", "")
                .build();
        JsonNode json = ProtobufBodies.decode(wire("v1", "ConfigMap", cm));
        assertThat(json.get("apiVersion").asText()).isEqualTo("v1");
        assertThat(json.get("kind").asText()).isEqualTo("ConfigMap");
        assertThat(json.at("/metadata/name").asText()).isEqualTo("c2");
        assertThat(json.at("/metadata").has("namespace")).as("empty strings are omitted").isFalse();
        assertThat(json.at("/metadata").has("creationTimestamp")).as("zero time omitted").isFalse();
        assertThat(json.at("/data/a").asText()).isEqualTo("b");
        assertThat(json.at("/data/empty").isTextual()).as("empty map values are kept").isTrue();
    }

    @Test
    void secretBytesBecomeBase64() throws Exception {
        V1.Secret secret = V1.Secret.newBuilder()
                .setMetadata(Meta.ObjectMeta.newBuilder().setName("s"))
                .putData("password", ByteString.copyFrom("hunter2", StandardCharsets.UTF_8))
                .setType("Opaque")
                .build();
        JsonNode json = ProtobufBodies.decode(wire("v1", "Secret", secret));
        assertThat(json.at("/data/password").asText()).isEqualTo("aHVudGVyMg==");
        assertThat(json.at("/type").asText()).isEqualTo("Opaque");
    }

    @Test
    void deploymentWithIntOrStringAndNumbers() throws Exception {
        V1Apps.Deployment d = V1Apps.Deployment.newBuilder()
                .setMetadata(Meta.ObjectMeta.newBuilder().setName("web").putLabels("app", "web"))
                .setSpec(V1Apps.DeploymentSpec.newBuilder()
                        .setReplicas(2)
                        .setSelector(Meta.LabelSelector.newBuilder().putMatchLabels("app", "web"))
                        .setStrategy(V1Apps.DeploymentStrategy.newBuilder().setRollingUpdate(
                                V1Apps.RollingUpdateDeployment.newBuilder()
                                        .setMaxSurge(IntStr.IntOrString.newBuilder().setType(1).setStrVal("25%"))
                                        .setMaxUnavailable(IntStr.IntOrString.newBuilder().setType(0).setIntVal(1))))
                        .setTemplate(V1.PodTemplateSpec.newBuilder()
                                .setMetadata(Meta.ObjectMeta.newBuilder().putLabels("app", "web"))
                                .setSpec(V1.PodSpec.newBuilder().addContainers(
                                        V1.Container.newBuilder().setName("nginx").setImage("nginx:1.25")
                                                .addPorts(V1.ContainerPort.newBuilder().setContainerPort(80))))))
                .build();
        JsonNode json = ProtobufBodies.decode(wire("apps/v1", "Deployment", d));
        assertThat(json.at("/spec/replicas").asInt()).isEqualTo(2);
        assertThat(json.at("/spec/strategy/rollingUpdate/maxSurge").asText()).isEqualTo("25%");
        assertThat(json.at("/spec/strategy/rollingUpdate/maxUnavailable").isInt()).isTrue();
        assertThat(json.at("/spec/template/spec/containers/0/ports/0/containerPort").asInt()).isEqualTo(80);
        assertThat(json.at("/spec/template/spec/containers/0/image").asText()).isEqualTo("nginx:1.25");
    }

    @Test
    void groupsMapToTheirProtoClasses() throws Exception {
        var role = io.kubernetes.client.proto.V1Rbac.Role.newBuilder()
                .setMetadata(Meta.ObjectMeta.newBuilder().setName("r"))
                .addRules(io.kubernetes.client.proto.V1Rbac.PolicyRule.newBuilder().addVerbs("get")
                        .addResources("pods").addApiGroups(""))
                .build();
        JsonNode json = ProtobufBodies.decode(wire("rbac.authorization.k8s.io/v1", "Role", role));
        assertThat(json.at("/rules/0/verbs/0").asText()).isEqualTo("get");
        assertThat(json.at("/rules/0/apiGroups/0").asText()).as("empty strings in lists are kept").isEmpty();
        assertThat(json.at("/rules/0/apiGroups").size()).isEqualTo(1);
    }

    @Test
    @DisplayName("embedded (inline) Go structs are flattened as in JSON: Ingress rules, probes, volumes")
    void inlineStructsAreFlattened() throws Exception {
        var ingress = io.kubernetes.client.proto.V1Networking.Ingress.newBuilder()
                .setMetadata(Meta.ObjectMeta.newBuilder().setName("ing"))
                .setSpec(io.kubernetes.client.proto.V1Networking.IngressSpec.newBuilder().addRules(
                        io.kubernetes.client.proto.V1Networking.IngressRule.newBuilder().setHost("foo.example.com")
                                .setIngressRuleValue(io.kubernetes.client.proto.V1Networking.IngressRuleValue
                                        .newBuilder().setHttp(io.kubernetes.client.proto.V1Networking
                                                .HTTPIngressRuleValue.newBuilder().addPaths(
                                                        io.kubernetes.client.proto.V1Networking.HTTPIngressPath
                                                                .newBuilder().setPath("/bar").setPathType("Exact"))))))
                .build();
        JsonNode json = ProtobufBodies.decode(wire("networking.k8s.io/v1", "Ingress", ingress));
        assertThat(json.at("/spec/rules/0/host").asText()).isEqualTo("foo.example.com");
        assertThat(json.at("/spec/rules/0/http/paths/0/path").asText()).isEqualTo("/bar");
        assertThat(json.at("/spec/rules/0").has("ingressRuleValue")).isFalse();

        V1.Pod pod = V1.Pod.newBuilder().setMetadata(Meta.ObjectMeta.newBuilder().setName("p"))
                .setSpec(V1.PodSpec.newBuilder()
                        .addVolumes(V1.Volume.newBuilder().setName("data").setVolumeSource(
                                V1.VolumeSource.newBuilder().setEmptyDir(V1.EmptyDirVolumeSource.newBuilder()
                                        .setMedium("Memory"))))
                        .addContainers(V1.Container.newBuilder().setName("c").setImage("busybox")
                                .setReadinessProbe(V1.Probe.newBuilder().setPeriodSeconds(5).setHandler(
                                        V1.ProbeHandler.newBuilder().setExec(V1.ExecAction.newBuilder()
                                                .addCommand("true"))))))
                .build();
        JsonNode p = ProtobufBodies.decode(wire("v1", "Pod", pod));
        assertThat(p.at("/spec/volumes/0/emptyDir/medium").asText()).isEqualTo("Memory");
        assertThat(p.at("/spec/containers/0/readinessProbe/exec/command/0").asText()).isEqualTo("true");
        assertThat(p.at("/spec/containers/0/readinessProbe/periodSeconds").asInt()).isEqualTo(5);
    }

    @Test
    void garbageIsRejected() {
        assertThatThrownBy(() -> ProtobufBodies.decode(new byte[] {1, 2})).isInstanceOf(
                ProtobufBodies.UndecodableBody.class);
        assertThatThrownBy(() -> ProtobufBodies.decode(new byte[] {'k', '8', 's', 0, (byte) 0xff, 0x01}))
                .isInstanceOf(ProtobufBodies.UndecodableBody.class);
        assertThatThrownBy(() -> ProtobufBodies.decode(wire("example.com/v1", "Widget",
                V1.ConfigMap.getDefaultInstance()))).isInstanceOf(ProtobufBodies.UndecodableBody.class);
    }
}
