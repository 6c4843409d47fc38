package io.gitops4j.core.target;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitops4j.api.resource.ResourceKey;
import io.gitops4j.api.target.TargetException.Reason;
import io.gitops4j.api.target.WriteFailure;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ApiStatusTest {
    private static final ResourceKey WEB = ResourceKey.of("apps/v1", "Deployment", "shop", "web");

    private static Map<String, Object> status(String reason, String message, Map<String, Object> details) {
        return Map.of("kind", "Status", "reason", reason, "message", message, "details", details);
    }

    @Test
    void applyConflictIsConflictWithManagersAndFields() {
        ApiStatus s = ApiStatus.of(409, status("Conflict",
                "Apply failed with 1 conflict: conflict with \"kubectl\" using apps/v1: .spec.replicas",
                Map.of("name", "web", "causes", List.of(Map.of("reason", "FieldManagerConflict",
                        "message", "conflict with \"kubectl\" using apps/v1", "field", ".spec.replicas")))));
        WriteFailure f = s.failure(WEB);
        assertThat(f.reason()).isEqualTo(Reason.CONFLICT);
        assertThat(f.message()).startsWith("Deployment.apps shop/web: Apply failed");
        assertThat(f.details()).containsExactly("conflict with \"kubectl\" using apps/v1: .spec.replicas");
    }

    @Test
    void otherConflictsAndGoneAreStale() {
        assertThat(ApiStatus.of(409, status("Conflict", "Operation cannot be fulfilled on deployments.apps \"web\": "
                + "the object has been modified; please apply your changes to the latest version and try again",
                Map.of("name", "web"))).classify()).isEqualTo(Reason.STALE);
        assertThat(ApiStatus.of(409, status("Conflict", "Precondition failed: UID in precondition: a, UID in "
                + "object meta: b", Map.of())).classify()).isEqualTo(Reason.STALE);
        assertThat(ApiStatus.of(409, status("AlreadyExists", "deployments.apps \"web\" already exists",
                Map.of("name", "web"))).classify()).isEqualTo(Reason.STALE);
        assertThat(ApiStatus.of(410, status("Expired", "too old resource version", Map.of())).classify())
                .isEqualTo(Reason.STALE);
    }

    @Test
    @DisplayName("DA-05 a 422 naming an immutable field, in each wording the server uses, is IMMUTABLE with the paths")
    void immutableFieldIsItsOwnReasonWithThePaths() {
        ApiStatus s = ApiStatus.of(422, status("Invalid", "Deployment.apps \"web\" is invalid: spec.selector: "
                + "Invalid value: v1.LabelSelector{...}: field is immutable", Map.of("name", "web", "causes",
                List.of(Map.of("reason", "FieldValueInvalid", "message", "Invalid value: v1.LabelSelector{...}: "
                        + "field is immutable", "field", "spec.selector")))));
        assertThat(s.classify()).isEqualTo(Reason.IMMUTABLE);
        assertThat(s.failure(WEB).details()).containsExactly("spec.selector");
        for (String[] cause : new String[][] {
                {"spec.clusterIPs[0]", "Invalid value: []string{\"10.96.0.9\"}: may not change once set"},
                {"roleRef", "Invalid value: rbac.RoleRef{…}: cannot change roleRef"},
                {"spec", "Forbidden: updates to statefulset spec for fields other than 'replicas' are forbidden"},
                {"spec", "Forbidden: pod updates may not change fields other than `spec.containers[*].image`"},
                {"spec", "Forbidden: spec is immutable after creation except resources.requests"},
                {"parameters", "Forbidden: updates to parameters are forbidden."}}) {
            ApiStatus other = ApiStatus.of(422, status("Invalid", "x is invalid", Map.of("name", "x", "causes",
                    List.of(Map.of("reason", "FieldValueForbidden", "message", cause[1], "field", cause[0])))));
            assertThat(other.classify()).as(cause[1]).isEqualTo(Reason.IMMUTABLE);
            assertThat(other.immutableFields()).containsExactly(cause[0]);
        }
        assertThat(ApiStatus.of(422, status("Invalid", "x is invalid", Map.of("causes", List.of(Map.of("reason",
                "FieldValueForbidden", "message", "Forbidden: disallowed by cluster policy", "field",
                "spec.hostNetwork"))))).classify()).as("another Forbidden cause").isEqualTo(Reason.INVALID);
        assertThat(ApiStatus.of(409, status("Conflict", "Apply failed with 1 conflict: field is immutable",
                Map.of())).classify()).as("only a 422 is an immutable field").isEqualTo(Reason.CONFLICT);
    }

    @Test
    void invalidTooLargeForbiddenAndUnavailable() {
        assertThat(ApiStatus.of(422, status("Invalid", "x is invalid", Map.of("causes", List.of(Map.of("reason",
                "FieldValueRequired", "message", "Required value", "field", "spec.selector"))))).classify())
                .isEqualTo(Reason.INVALID);
        assertThat(ApiStatus.of(422, status("Invalid", "x is invalid", Map.of("causes", List.of(Map.of("reason",
                "FieldValueTooLong", "message", "Too long: must have at most 262144 bytes",
                "field", "metadata.annotations"))))).classify()).isEqualTo(Reason.TOO_LARGE);
        assertThat(ApiStatus.of(413, Map.of()).classify()).isEqualTo(Reason.TOO_LARGE);
        assertThat(ApiStatus.of(400, Map.of()).classify()).isEqualTo(Reason.INVALID);
        assertThat(ApiStatus.of(403, status("Forbidden", "configmaps \"a\" is forbidden: User \"u\" cannot patch "
                + "resource \"configmaps\" in API group \"\" in the namespace \"shop\"", Map.of())).classify())
                .isEqualTo(Reason.FORBIDDEN);
        for (int code : new int[] {429, 500, 502, 503, 504}) {
            assertThat(ApiStatus.of(code, Map.of()).classify()).as("HTTP %d", code).isEqualTo(Reason.UNAVAILABLE);
        }
    }

    @Test
    void notFoundOfAnObjectDiffersFromAnUnknownResource() {
        assertThat(ApiStatus.of(404, status("NotFound", "deployments.apps \"web\" not found",
                Map.of("name", "web", "kind", "deployments"))).classify()).isEqualTo(Reason.NOT_FOUND);
        assertThat(ApiStatus.of(404, status("NotFound", "the server could not find the requested resource",
                Map.of())).classify()).isEqualTo(Reason.UNKNOWN_KIND);
    }

    @Test
    void aFailureWithoutBodyStillSaysWhatHappened() {
        assertThat(ApiStatus.of(503, Map.of()).failure(WEB).message()).isEqualTo("Deployment.apps shop/web: HTTP 503");
        assertThat(ApiStatus.of(503, status("ServiceUnavailable", "the server is currently unable to handle the "
                + "request", Map.of())).exception(null, "writing inventory ConfigMap gitops4j-system/inv-shop")
                .getMessage()).isEqualTo("writing inventory ConfigMap gitops4j-system/inv-shop: the server is "
                + "currently unable to handle the request (HTTP 503, ServiceUnavailable)");
    }
}
