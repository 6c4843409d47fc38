package io.gitops4j.testkit.server;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class WatchStreamsTest {
    @Test
    void goDurations() {
        assertThat(WatchStreams.parseGoDuration("32s")).isEqualTo(Duration.ofSeconds(32));
        assertThat(WatchStreams.parseGoDuration("1m0s")).isEqualTo(Duration.ofMinutes(1));
        assertThat(WatchStreams.parseGoDuration("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(WatchStreams.parseGoDuration("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(WatchStreams.parseGoDuration("1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(WatchStreams.parseGoDuration("soon")).isNull();
        assertThat(WatchStreams.parseGoDuration("5s x")).isNull();
        assertThat(WatchStreams.parseGoDuration(null)).isNull();
    }
}
