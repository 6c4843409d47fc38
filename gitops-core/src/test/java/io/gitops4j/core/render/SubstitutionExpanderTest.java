package io.gitops4j.core.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Flux's post-build expression syntax, as Flux documents it (and as its envsubst's own test table shows it). */
class SubstitutionExpanderTest {
    private static final Map<String, String> VARS = Map.of("NAME", "prod-eu", "path", "/home/bozo/ideas/notes.txt",
            "file", "bash.string.txt", "mixed", "abcABC123ABCabc", "empty", "", "lower", "eu-central-1",
            "dflt", "fallback");

    private static String expand(String text) {
        return new SubstitutionExpander(VARS, false).expand(text).text();
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', emptyValue = "", value = {
        "plain text                 | plain text",
        "${NAME}                    | prod-eu",
        "ns-${NAME}-x               | ns-prod-eu-x",
        "${UNDEFINED}               | ''",
        "a${UNDEFINED}b             | ab",
        "${UNDEFINED:=dev}          | dev",
        "${UNDEFINED:-dev}          | dev",
        "${UNDEFINED=dev}           | dev",
        "${empty:=dev}              | dev",
        "${NAME:=dev}               | prod-eu",
        "${UNDEFINED:=${dflt}-x}    | fallback-x",
        "${UNDEFINED:=}             | ''",
        "$${NAME}                   | ${NAME}",
        "$$NAME and $NAME and $5    | $NAME and $NAME and $5",
        "$$$                        | $$",
        "${#NAME}                   | 7",
        "${lower^}                  | Eu-central-1",
        "${lower^^}                 | EU-CENTRAL-1",
        "${NAME,}                   | prod-eu",
        "${mixed,,}                 | abcabc123abcabc",
        "${path:11}                 | ideas/notes.txt",
        "${path:11:5}               | ideas",
        "${path:-9}                 | /home/bozo/ideas/notes.txt",
        "${lower:-1}                | eu-central-1",
        "${lower:100}               | ''",
        "${lower:x}                 | eu-central-1",
        "${file#*.}                 | string.txt",
        "${file##*.}                | txt",
        "${file%.*}                 | bash.string",
        "${file%%.*}                | bash",
        "${path##*/}                | notes.txt",
        "${mixed/abc/xyz}           | xyzABC123ABCabc",
        "${mixed//abc/xyz}          | xyzABC123ABCxyz",
        "${mixed/#abc/XYZ}          | XYZABC123ABCabc",
        "${mixed/%abc/XYZ}          | abcABC123ABCXYZ",
        "${mixed//abc/}             | ABC123ABC",
        "${NAME/#/pre-}             | pre-prod-eu",
        "${path//\\//-}             | -home-bozo-ideas-notes.txt",
    })
    @DisplayName("operators, defaults and escapes as Flux documents them")
    void expands(String text, String expected) {
        assertThat(expand(text)).isEqualTo(expected);
    }

    @Test
    void reportsTheVariablesUsedOnceEachInTheOrderTheyAreEvaluated() {
        var expansion = new SubstitutionExpander(VARS, false).expand("${NAME}/${UNDEFINED:=${dflt}}/${NAME}");
        assertThat(expansion.used()).as("a default is evaluated before its variable, as in Flux")
                .containsExactly("NAME", "dflt", "UNDEFINED");
    }

    @Test
    @DisplayName("RD-20 strict: an undefined variable without a default is an error naming it; defaults still work")
    void rd20StrictUndefinedVariable() {
        SubstitutionExpander strict = new SubstitutionExpander(VARS, true);
        assertThat(strict.expand("${UNDEFINED:=dev}-${empty}").text()).isEqualTo("dev-");
        for (String text : new String[] {"${MISSING}", "x-${MISSING^^}", "${#MISSING}", "${MISSING/a/b}",
                "${NAME:=${MISSING}}"}) {
            assertThatThrownBy(() -> strict.expand(text)).as(text).isInstanceOf(SubstitutionExpander.Failure.class)
                    .hasMessage("variable MISSING is not defined (strict substitution)");
        }
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
        "${NAME                 | missing closing brace",
        "${}                    | no variable name",
        "${NAME bad}            | missing closing brace",
        "${NAME:?message}       | the operator :? is not supported",
        "${NAME:+other}         | the operator :+ is not supported",
        "${NAME/abc}            | a replacement needs a second /",
        "${NAME:}               | no offset",
        "${NAME#}               | no pattern",
        "${NAME^,}              | missing closing brace",
    })
    @DisplayName("RD-21 a malformed expression is refused, naming it")
    void rd21MalformedExpressions(String text, String why) {
        assertThatThrownBy(() -> expand(text)).isInstanceOf(SubstitutionExpander.Failure.class)
                .hasMessageStartingWith("bad substitution ").hasMessageEndingWith(": " + why)
                .hasMessageNotContaining("prod-eu");
    }

    @Test
    void onlyDollarBraceAndDoubleDollarMayChangeText() {
        assertThat(SubstitutionExpander.mayChange("no dollars")).isFalse();
        assertThat(SubstitutionExpander.mayChange("$HOME costs $5$")).isFalse();
        assertThat(SubstitutionExpander.mayChange("${X}")).isTrue();
        assertThat(SubstitutionExpander.mayChange("a$$b")).isTrue();
    }

    @Test
    void shellPatternsMatchLikeBash() {
        assertThat(ShellPattern.matches("*.txt", "a/b.txt")).isTrue();
        assertThat(ShellPattern.matches("?x[0-9][!a]\\*", "ax7b*")).isTrue();
        assertThat(ShellPattern.matches("[^a]", "a")).isFalse();
        assertThat(ShellPattern.matches("[abc", "a")).as("an unclosed class matches nothing").isFalse();
        assertThat(ShellPattern.matches("*a*a*a*a*a*a*a*a*a*a*b", "a".repeat(5_000))).isFalse();
        assertThat(ShellPattern.removePrefix("abc", "*", false)).as("as Flux: the shortest non-empty prefix")
                .isEqualTo("bc");
        assertThat(ShellPattern.removeSuffix("a.b.c", ".[bc]", false)).isEqualTo("a.b");
        assertThat(ShellPattern.removeSuffix("a.b.c", ".[bc]*", true)).isEqualTo("a");
    }
}
