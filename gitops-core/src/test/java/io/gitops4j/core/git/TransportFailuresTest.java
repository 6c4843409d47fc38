package io.gitops4j.core.git;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitops4j.api.source.SourceException;
import io.gitops4j.api.source.SourceException.Reason;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import org.eclipse.jgit.errors.TransportException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class TransportFailuresTest {
    static final GitUrl URL = GitUrl.parse("http://127.0.0.1:1/drip.git", false);

    static BudgetMonitor monitor(Duration timeout) {
        return new BudgetMonitor(FetchBudget.defaults().withTimeout(timeout), Path.of("objects"));
    }

    @Test
    @DisplayName("GS-05 a socket timeout at the deadline is reported as the budget's own cause, whichever fired first")
    void socketTimeoutAtTheDeadline() throws Exception {
        BudgetMonitor passed = monitor(Duration.ofMillis(1));
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (passed.millisLeft() > 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        TransportException e = new TransportException("read timed out", new SocketTimeoutException("Read timed out"));
        SourceException mapped = TransportFailures.map(URL, "ls-remote", e, new String[0], null, passed);
        assertThat(mapped.reason()).isEqualTo(Reason.LIMIT);
        assertThat(mapped.getMessage()).contains("ls-remote stopped: the server did not answer within ");

        SourceException early = TransportFailures.map(URL, "ls-remote", e, new String[0], null,
                monitor(Duration.ofMinutes(1)));
        assertThat(early.reason()).as("a socket timeout before the deadline is the server's").isEqualTo(Reason.LIMIT);
        assertThat(early.getMessage()).contains("did not answer in time").doesNotContain("stopped");
    }
}
