package io.gitops4j.core.git;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A transport's incoming bytes, checked against one operation's budget: no read starts past the deadline and every
 * byte read counts against the byte budget, so a slow drip or one huge object stops mid-way (GS-05). Used by the
 * HTTP and SSH transports. Not thread-safe (one reader, like the stream it wraps).
 */
final class BudgetedInputStream extends FilterInputStream {
    private final BudgetMonitor monitor;

    BudgetedInputStream(InputStream in, BudgetMonitor monitor) {
        super(in);
        this.monitor = monitor;
    }

    @Override
    public int read() throws IOException {
        monitor.checkDeadline();
        int b = super.read();
        if (b >= 0) {
            monitor.received(1);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        monitor.checkDeadline();
        int n = super.read(b, off, len);
        if (n > 0) {
            monitor.received(n);
        }
        return n;
    }
}
