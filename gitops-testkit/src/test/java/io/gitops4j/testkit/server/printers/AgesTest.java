package io.gitops4j.testkit.server.printers;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class AgesTest {
    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

    @Test
    void secondsUpToTwoMinutesThenMinutesWithSeconds() {
        assertThat(Ages.human(Duration.ofSeconds(0))).isEqualTo("0s");
        assertThat(Ages.human(Duration.ofSeconds(119))).isEqualTo("119s");
        assertThat(Ages.human(Duration.ofSeconds(120))).isEqualTo("2m");
        assertThat(Ages.human(Duration.ofSeconds(200))).isEqualTo("3m20s");
        assertThat(Ages.human(Duration.ofSeconds(599))).isEqualTo("9m59s");
        assertThat(Ages.human(Duration.ofMinutes(10).plusSeconds(30))).isEqualTo("10m");
        assertThat(Ages.human(Duration.ofMinutes(179))).isEqualTo("179m");
    }

    @Test
    void hoursDaysAndYears() {
        assertThat(Ages.human(Duration.ofMinutes(180))).isEqualTo("3h");
        assertThat(Ages.human(Duration.ofMinutes(7 * 60 + 59))).isEqualTo("7h59m");
        assertThat(Ages.human(Duration.ofHours(8).plusMinutes(30))).isEqualTo("8h");
        assertThat(Ages.human(Duration.ofHours(47))).isEqualTo("47h");
        assertThat(Ages.human(Duration.ofHours(48))).isEqualTo("2d");
        assertThat(Ages.human(Duration.ofHours(7 * 24 + 23))).isEqualTo("7d23h");
        assertThat(Ages.human(Duration.ofDays(8).plusHours(5))).isEqualTo("8d");
        assertThat(Ages.human(Duration.ofDays(729))).isEqualTo("729d");
        assertThat(Ages.human(Duration.ofDays(730))).isEqualTo("2y");
        assertThat(Ages.human(Duration.ofDays(735))).isEqualTo("2y5d");
        assertThat(Ages.human(Duration.ofDays(365 * 9 + 3))).isEqualTo("9y");
    }

    @Test
    void aSecondInTheFutureIsNowFurtherIsInvalid() {
        assertThat(Ages.human(Duration.ofMillis(-1500))).isEqualTo("0s");
        assertThat(Ages.human(Duration.ofSeconds(-2))).isEqualTo("<invalid>");
    }

    @Test
    void timestampsThatAreAbsentOrBroken() {
        assertThat(Ages.since(Json.of("{}").path("t"), NOW)).isEqualTo("<unknown>");
        assertThat(Ages.since(Json.of("{'t':''}").path("t"), NOW)).isEqualTo("<unknown>");
        assertThat(Ages.since(Json.of("{'t':'yesterday'}").path("t"), NOW)).isEqualTo("<invalid>");
        assertThat(Ages.age(Json.of("{'metadata':{'creationTimestamp':'2026-06-01T11:55:00Z'}}"), NOW))
                .isEqualTo("5m");
    }
}
