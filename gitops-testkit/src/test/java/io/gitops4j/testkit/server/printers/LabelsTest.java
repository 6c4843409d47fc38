package io.gitops4j.testkit.server.printers;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LabelsTest {
    @Test
    void labelMapsAreSortedByKeyAndNoneWhenEmpty() {
        assertThat(Labels.map(Json.of("{'b':'2','a':'1'}"))).isEqualTo("a=1,b=2");
        assertThat(Labels.map(Json.of("{}"))).isEqualTo("<none>");
        assertThat(Labels.map(Json.of("{}").path("missing"))).isEqualTo("<none>");
    }

    @Test
    void selectorRequirementsAreSortedByKeyWithSortedValues() {
        String selector = Labels.selector(Json.of("{'matchLabels':{'tier':'web','app':'shop'},"
                + "'matchExpressions':[{'key':'zone','operator':'NotIn','values':['b','a']},"
                + "{'key':'env','operator':'In','values':['prod','dev']},"
                + "{'key':'canary','operator':'DoesNotExist'},{'key':'owner','operator':'Exists'}]}"));
        assertThat(selector).isEqualTo("app=shop,!canary,env in (dev,prod),owner,tier=web,zone notin (a,b)");
    }

    @Test
    void emptySelectorsAndBrokenOperators() {
        assertThat(Labels.selector(Json.of("{}"))).isEmpty();
        assertThat(Labels.selector(Json.of("{}").path("missing"))).isEmpty();
        assertThat(Labels.selectorOrNone(Json.of("{}"))).isEqualTo("<none>");
        assertThat(Labels.selector(Json.of("{'matchExpressions':[{'key':'a','operator':'Near'}]}")))
                .isEqualTo("<error>");
    }
}
