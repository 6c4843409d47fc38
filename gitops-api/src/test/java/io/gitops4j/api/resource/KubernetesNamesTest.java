package io.gitops4j.api.resource;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The hand-written matchers of {@link KubernetesNames} against the regular expressions they implement. */
class KubernetesNamesTest {
    private static final String ALPHABET = "az09AZ-_./%é \n";

    @Test
    void handWrittenMatchersAgreeWithTheRegularExpressions() {
        check("[a-z0-9]([-a-z0-9]*[a-z0-9])?", s -> KubernetesNames.isDns1123Label(s, 0, s.length()));
        check("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*",
                s -> KubernetesNames.isDns1123Subdomain(s, 0, s.length()));
        check("[A-Za-z][A-Za-z0-9]*", KubernetesNames::isKind);
        check("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]", KubernetesNames::isQualifiedPart);
    }

    private static void check(String regex, Predicate<String> matcher) {
        Pattern pattern = Pattern.compile(regex);
        Random random = new Random(regex.hashCode());
        int matched = 0;
        for (int i = 0; i < 200_000; i++) {
            StringBuilder b = new StringBuilder();
            int length = random.nextInt(7);
            for (int k = 0; k < length; k++) {
                b.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
            String s = b.toString();
            boolean expected = pattern.matcher(s).matches();
            assertThat(matcher.test(s)).as("%s on '%s'", regex, s).isEqualTo(expected);
            matched += expected ? 1 : 0;
        }
        assertThat(matched).as("the sample holds matching strings for %s", regex).isGreaterThan(100);
    }

    @Test
    void publicChecksStillRejectWhatTheRulesReject() {
        assertThat(valid(() -> KubernetesNames.requireDns1123Subdomain("a.b-c.d", "f"))).isTrue();
        assertThat(valid(() -> KubernetesNames.requireDns1123Subdomain("a..b", "f"))).isFalse();
        assertThat(valid(() -> KubernetesNames.requireVersion("v1beta1", "f"))).isTrue();
        assertThat(valid(() -> KubernetesNames.requireVersion("V1", "f"))).isFalse();
        assertThat(valid(() -> KubernetesNames.requireLabelValue("", "f"))).isTrue();
        assertThat(valid(() -> KubernetesNames.requireLabelValue("-x", "f"))).isFalse();
        assertThat(valid(() -> KubernetesNames.requireQualifiedName("example.com/a_b", "f"))).isTrue();
        assertThat(valid(() -> KubernetesNames.requireQualifiedName("Example.com/a", "f"))).isFalse();
        assertThat(valid(() -> KubernetesNames.requireKind("Deployment2", "f"))).isTrue();
        assertThat(valid(() -> KubernetesNames.requireKind("2Deployment", "f"))).isFalse();
    }

    private static boolean valid(Runnable r) {
        try {
            r.run();
            return true;
        } catch (io.gitops4j.api.InvalidSpecException e) {
            return false;
        }
    }
}
