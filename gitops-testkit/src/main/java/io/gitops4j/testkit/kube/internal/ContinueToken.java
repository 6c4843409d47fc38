package io.gitops4j.testkit.kube.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gitops4j.testkit.kube.FakeKubeException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A list {@code continue} token: the resourceVersion of the first page and the last key served, as base64 JSON in
 * the real server's layout ({@code {"v":"meta.k8s.io/v1","rv":N,"start":"…"}}). Clients treat it as opaque.
 */
record ContinueToken(long resourceVersion, String after) {

    static final String EXPIRED_MESSAGE = "The provided continue parameter is too old to display a consistent list "
            + "result. You can start a new list without the continue parameter, or use the continue token in this "
            + "response to retrieve the remainder of the results. Continuing with the provided token results in an "
            + "inconsistent list - objects that were created, modified, or deleted between the time the first chunk "
            + "was returned and now may show up in the list.";

    private static final ObjectMapper JSON = new ObjectMapper();

    static String encode(long resourceVersion, String after) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("v", "meta.k8s.io/v1");
        m.put("rv", resourceVersion);
        m.put("start", after);
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(JSON.writeValueAsBytes(m));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @throws FakeKubeException 400 for a token this server did not issue */
    static ContinueToken decode(String token) {
        try {
            byte[] raw = Base64.getUrlDecoder().decode(token.replace('+', '-').replace('/', '_').replace("=", ""));
            Map<?, ?> m = JSON.readValue(new String(raw, StandardCharsets.UTF_8), Map.class);
            if (!"meta.k8s.io/v1".equals(m.get("v")) || !(m.get("rv") instanceof Number rv)
                    || !(m.get("start") instanceof String start)) {
                throw FakeKubeException.badRequest("continue key is not valid: incorrect encoded start "
                        + "resourceVersion (version meta.k8s.io/v1)");
            }
            return new ContinueToken(rv.longValue(), start);
        } catch (IllegalArgumentException | JsonProcessingException e) {
            throw FakeKubeException.badRequest("continue key is not valid: " + e.getMessage());
        }
    }
}
