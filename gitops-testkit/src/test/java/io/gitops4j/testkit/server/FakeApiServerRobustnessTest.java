package io.gitops4j.testkit.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gitops4j.testkit.FakeApiServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Throws malformed and random input (seeded) at every kind of endpoint: the server must answer each with a 2xx-4xx
 * (errors as {@code kind: Status}), never a 5xx, and keep serving afterwards.
 */
class FakeApiServerRobustnessTest {
    private static final long SEED = 20261126L;
    private static final int REQUESTS = 1500;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String[] PATHS = {
        "/api/v1/namespaces/default/configmaps", "/api/v1/namespaces/default/configmaps/x",
        "/api/v1/namespaces/default/configmaps/x/status", "/api/v1/namespaces", "/api/v1/namespaces/x",
        "/api/v1/namespaces/x/status", "/api/v1/namespaces/default/secrets", "/api/v1/namespaces/default/secrets/x",
        "/apis/apps/v1/namespaces/default/deployments", "/apis/apps/v1/namespaces/default/deployments/x",
        "/apis/apps/v1/namespaces/default/deployments/x/status", "/apis/apps/v1/namespaces/default/deployments/x/scale",
        "/apis/apiextensions.k8s.io/v1/customresourcedefinitions",
        "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/x.example.com", "/api/v1/nodes/x",
        "/api/v1/configmaps", "/apis/example.com/v1/namespaces/default/widgets/x", "/api/v1/namespaces/nope/pods/x",
        "/api", "/apis", "/api/v1", "/apis/apps", "/apis/apps/v1", "/version", "/healthz", "/openapi/v3",
        "/openapi/v3/api/v1", "/openapi/v2", "/nope", "/api/v1/namespaces/default/configmaps/x/y/z",
        "/apis/apps/v1/namespaces/default/deployments/%00", "/api/v1/namespaces/default/configmaps/" + "a".repeat(300),
    };
    private static final String[] QUERIES = {
        "", "", "", "?dryRun=All", "?dryRun=Bad", "?labelSelector=%25%25%25", "?labelSelector=a+in+(",
        "?labelSelector=a%21%3D%3Db", "?fieldSelector=spec.x%3D1", "?fieldSelector=metadata.name", "?limit=-1",
        "?limit=abc", "?limit=2&continue=garbage", "?watch=true&resourceVersion=abc&timeoutSeconds=1",
        "?watch=true&timeoutSeconds=1&resourceVersion=1", "?watch=true&timeoutSeconds=x",
        "?watch=true&timeoutSeconds=1&labelSelector=((", "?propagationPolicy=Nope", "?fieldManager=" + "m".repeat(200),
        "?force=maybe&fieldManager=x", "?resourceVersion=999999999999", "?gracePeriodSeconds=abc",
        "?hash=ZZZ", "?fieldValidation=Bogus",
    };
    private static final String[] METHODS = {"GET", "POST", "PUT", "PATCH", "DELETE"};
    private static final String[] CONTENT_TYPES = {
        "application/json", "application/yaml", "application/vnd.kubernetes.protobuf", "application/merge-patch+json",
        "application/json-patch+json", "application/strategic-merge-patch+json", "application/apply-patch+yaml",
        "text/plain", null, "application/json; charset=latin1", "application/apply-patch+cbor",
    };

    private FakeApiServer server;
    private HttpTestClient http;

    @BeforeEach
    void start() {
        server = FakeApiServer.start();
        http = new HttpTestClient(server.url());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static List<byte[]> bodies(Random random) {
        List<byte[]> b = new ArrayList<>();
        String valid = "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"x\"},\"data\":{\"a\":\"b\"}}";
        for (String s : List.of(valid, valid.substring(0, 30), "[]", "\"x\"", "42", "null", "{}", "{",
                "{\"metadata\":\"x\"}", "{\"metadata\":{\"name\":5}}", "{\"metadata\":{\"name\":\"x\",\"labels\":[1,2]}}",
                "{\"metadata\":{\"name\":\"x\",\"labels\":{\"a\":{\"b\":1}}}}", "{\"apiVersion\":5,\"kind\":[]}",
                "{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":{\"name\":\"x\"},\"stringData\":7}",
                "{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":{\"name\":\"x\"},\"data\":{\"a\":\"not base64!\"}}",
                "{\"metadata\":{\"name\":\"x\",\"annotations\":{\"a\":\"" + "z".repeat(300_000) + "\"}}}",
                "{\"metadata\":{\"name\":\"Bad_Name!\"}}", "{\"metadata\":{\"name\":\"x\",\"namespace\":\"other\"}}",
                "{\"metadata\":{\"name\":\"x\",\"finalizers\":\"f\"}}", "{\"spec\":{\"replicas\":\"many\"}}",
                "{\"spec\":{\"template\":{\"spec\":{\"containers\":{\"name\":\"x\"}}}}}",
                "{\"metadata\":{\"name\":\"x\",\"ownerReferences\":[{\"uid\":5}]}}",
                "{\"metadata\":{\"managedFields\":[{\"manager\":5,\"fieldsV1\":\"x\"}]}}",
                "{\"metadata\":{\"resourceVersion\":\"abc\"}}", "[{\"op\":\"bogus\"}]", "[{\"op\":\"add\"}]",
                "[{\"op\":\"test\",\"path\":\"/nope\",\"value\":1}]", "[{\"op\":\"remove\",\"path\":\"/metadata\"}]",
                "{\"$patch\":\"delete\"}", "{\"$patch\":\"replace\",\"data\":null}", "{\"data\":{\"$retainKeys\":5}}",
                "{\"spec\":{\"$setElementOrder/containers\":7}}", "a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a]\n"
                        + "c: &c [*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c]\ne: [*d,*d,*d,*d,*d,*d]\n",
                "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  name: y\n", "- a\n- b\n", "\t\tkey: : :",
                "{\"kind\":\"DeleteOptions\",\"propagationPolicy\":5,\"preconditions\":\"x\"}",
                "{\"preconditions\":{\"uid\":\"u\",\"resourceVersion\":\"1\"}}",
                "{\"dryRun\":[\"Bad\"]}", "{\"gracePeriodSeconds\":\"soon\"}",
                "{\"apiVersion\":\"apiextensions.k8s.io/v1\",\"kind\":\"CustomResourceDefinition\",\"metadata\":{\"name\":"
                        + "\"x.example.com\"},\"spec\":{\"group\":\"example.com\",\"names\":{\"plural\":7},\"versions\":\"v1\"}}",
                "{\"apiVersion\":\"apiextensions.k8s.io/v1\",\"kind\":\"CustomResourceDefinition\",\"metadata\":{\"name\":"
                        + "\"x.example.com\"},\"spec\":{\"group\":\"example.com\",\"scope\":\"Namespaced\",\"names\":{"
                        + "\"plural\":\"x\",\"kind\":\"X\"},\"versions\":[{\"name\":\"v1\",\"served\":true,\"storage\":true,"
                        + "\"schema\":{\"openAPIV3Schema\":{\"type\":\"bogus\",\"properties\":[]}}}]}}")) {
            b.add(s.getBytes(StandardCharsets.UTF_8));
        }
        b.add("[".repeat(5000).getBytes(StandardCharsets.UTF_8));
        b.add(("{\"a\":".repeat(3000) + "1" + "}".repeat(3000)).getBytes(StandardCharsets.UTF_8));
        b.add(new byte[0]);
        b.add(new byte[] {'k', '8', 's', 0, 0x0a, 0x05, 0x0a, 0x02, 'v', '1'});
        b.add(new byte[] {'k', '8', 's', 0, 0x12, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f});
        b.add(new byte[] {(byte) 0xc3, (byte) 0x28, '{', '}'});
        for (int i = 0; i < 20; i++) {
            byte[] r = new byte[random.nextInt(2000)];
            random.nextBytes(r);
            b.add(r);
        }
        return b;
    }

    @Test
    @DisplayName("malformed and random requests never get a 5xx and the server keeps serving")
    void neverA5xx() throws Exception {
        Random random = new Random(SEED);
        List<byte[]> bodies = bodies(random);
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
            String method = METHODS[random.nextInt(METHODS.length)];
            String path = PATHS[random.nextInt(PATHS.length)] + QUERIES[random.nextInt(QUERIES.length)];
            String type = CONTENT_TYPES[random.nextInt(CONTENT_TYPES.length)];
            byte[] body = method.equals("GET") ? null : bodies.get(random.nextInt(bodies.size()));
            String[] headers = type == null ? new String[0] : new String[] {"Content-Type", type};
            String request = "#" + i + " " + method + " " + path + " (" + type + ", "
                    + (body == null ? 0 : body.length) + " bytes: " + abbreviate(body == null ? ""
                    : new String(body, StandardCharsets.UTF_8), 60) + ")";
            HttpResponse<String> r;
            try {
                r = http.send(method, path, body, headers);
            } catch (java.io.IOException e) {
                failures.add(request + " -> connection failed: " + e.getMessage());
                continue;
            }
            String what = request + " -> " + r.statusCode();
            if (r.statusCode() >= 500) {
                failures.add(what + " " + abbreviate(r.body(), 300));
            } else if (r.statusCode() >= 400 && !isStatus(r.body())) {
                failures.add(what + " answered without a Status body: " + abbreviate(r.body(), 300));
            }
        }
        assertThat(failures).as("seed %d", SEED).isEmpty();
        assertAlive();
    }

    @Test
    @DisplayName("a body over 3 MiB gets 413 and the server keeps serving")
    void oversizedBody() throws Exception {
        byte[] big = new byte[Exchange.MAX_BODY_BYTES + 1024];
        Arrays.fill(big, (byte) 'a');
        HttpResponse<String> r = http.send("POST", "/api/v1/namespaces/default/configmaps", big,
                "Content-Type", "application/json");
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(isStatus(r.body())).isTrue();
        assertAlive();
    }

    @Test
    @DisplayName("broken HTTP on a raw socket does not take the server down")
    void brokenHttp() throws Exception {
        String[] raw = {
            "GARBAGE\r\n\r\n",
            "GET / HTTP/9.9\r\n\r\n",
            "POST /api/v1/namespaces/default/configmaps HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
            "POST /api/v1/namespaces/default/configmaps HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"a\"",
            "PATCH /api/v1/namespaces/default/configmaps/x HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n",
            "GET /api/v1/namespaces/default/configmaps?watch=true&timeoutSeconds=30 HTTP/1.1\r\nHost: x\r\n\r\n",
        };
        for (String request : raw) {
            try (Socket s = new Socket("127.0.0.1", server.port())) {
                s.setSoTimeout(2000);
                OutputStream out = s.getOutputStream();
                out.write(request.getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                s.shutdownOutput();
                InputStream in = s.getInputStream();
                try {
                    in.read(new byte[256]);
                } catch (java.net.SocketTimeoutException e) {
                    // some of these never get an answer; closing is enough
                }
            }
        }
        assertAlive();
    }

    private void assertAlive() throws Exception {
        assertThat(http.get("/healthz").statusCode()).isEqualTo(200);
        HttpResponse<String> created = http.send("POST", "/api/v1/namespaces/default/configmaps",
                "{\"metadata\":{\"generateName\":\"alive-\"},\"data\":{\"a\":\"b\"}}".getBytes(StandardCharsets.UTF_8),
                "Content-Type", "application/json");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    }

    private static boolean isStatus(String body) {
        try {
            JsonNode n = JSON.readTree(body);
            return n != null && "Status".equals(n.path("kind").asText());
        } catch (Exception e) {
            return false;
        }
    }

    private static String abbreviate(String s, int max) {
        return s.length() > max ? s.substring(0, max) + "…" : s;
    }
}
