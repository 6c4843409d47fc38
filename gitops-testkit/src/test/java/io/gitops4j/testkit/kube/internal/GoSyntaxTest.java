package io.gitops4j.testkit.kube.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Go's {@code %#v} spellings that validation messages print. */
class GoSyntaxTest {

    @Test
    void stringsAreQuotedAsGoQuotesThem() {
        assertThat(GoSyntax.quote("plain")).isEqualTo("\"plain\"");
        assertThat(GoSyntax.quote("a\"b\\c\nd\te\u0001")).isEqualTo("\"a\\\"b\\\\c\\nd\\te\\x01\"");
        assertThat(GoSyntax.quote(null)).isEqualTo("\"\"");
    }

    @Test
    void mapsSortTheirKeysAndNilIsSpelledOut() {
        Map<String, Object> labels = new LinkedHashMap<>();
        labels.put("tier", "web");
        labels.put("app", "shop");
        assertThat(GoSyntax.stringMap(labels)).isEqualTo("map[string]string{\"app\":\"shop\", \"tier\":\"web\"}");
        assertThat(GoSyntax.stringMap(Map.of())).isEqualTo("map[string]string{}");
        assertThat(GoSyntax.stringMap(null)).isEqualTo("map[string]string(nil)");
        assertThat(GoSyntax.stringSlice(List.of("10.96.0.1", "fd00::1")))
                .isEqualTo("[]string{\"10.96.0.1\", \"fd00::1\"}");
        assertThat(GoSyntax.stringSlice(null)).isEqualTo("[]string(nil)");
    }

    @Test
    void labelSelectorsWithExpressions() {
        Map<String, Object> selector = Map.of("matchLabels", Map.of("app", "web"), "matchExpressions", List.of(
                Map.of("key", "tier", "operator", "In", "values", Arrays.asList("a", "b")),
                Map.of("key", "canary", "operator", "DoesNotExist")));
        assertThat(GoSyntax.labelSelector(selector)).isEqualTo("v1.LabelSelector{MatchLabels:map[string]string"
                + "{\"app\":\"web\"}, MatchExpressions:[]v1.LabelSelectorRequirement{v1.LabelSelectorRequirement"
                + "{Key:\"tier\", Operator:\"In\", Values:[]string{\"a\", \"b\"}}, v1.LabelSelectorRequirement"
                + "{Key:\"canary\", Operator:\"DoesNotExist\", Values:[]string(nil)}}}");
        assertThat(GoSyntax.labelSelector(null)).isEqualTo("v1.LabelSelector{MatchLabels:map[string]string(nil), "
                + "MatchExpressions:[]v1.LabelSelectorRequirement(nil)}");
    }
}
