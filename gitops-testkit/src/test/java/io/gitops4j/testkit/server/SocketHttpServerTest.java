package io.gitops4j.testkit.server;

import io.gitops4j.testkit.FakeApiServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The HTTP/1.1 framing of the fake API server, spoken over a raw socket. */
class SocketHttpServerTest {
    private FakeApiServer server;

    @BeforeEach
    void start() {
        server = FakeApiServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** Reads one response: status line, headers, body (Content-Length or chunked). */
    private static String[] response(BufferedReader in) throws IOException {
        String status = in.readLine();
        int length = -1;
        boolean chunked = false;
        String line;
        while ((line = in.readLine()) != null && !line.isEmpty()) {
            String lower = line.toLowerCase();
            if (lower.startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
            if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = true;
            }
        }
        StringBuilder body = new StringBuilder();
        if (chunked) {
            int size;
            while ((size = Integer.parseInt(in.readLine().trim(), 16)) > 0) {
                char[] buf = new char[size];
                int read = 0;
                while (read < size) {
                    read += in.read(buf, read, size - read);
                }
                body.append(buf);
                in.readLine();
            }
            in.readLine();
        } else if (length > 0) {
            char[] buf = new char[length];
            int read = 0;
            while (read < length) {
                read += in.read(buf, read, length - read);
            }
            body.append(buf);
        }
        return new String[] {status, body.toString()};
    }

    private Socket connect() throws IOException {
        Socket s = new Socket("127.0.0.1", server.port());
        s.setSoTimeout(5000);
        return s;
    }

    @Test
    void keepAliveServesSeveralRequestsOnOneConnection() throws Exception {
        try (Socket s = connect()) {
            OutputStream out = s.getOutputStream();
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
            for (int i = 0; i < 3; i++) {
                out.write("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                String[] r = response(in);
                assertThat(r[0]).isEqualTo("HTTP/1.1 200 OK");
                assertThat(r[1]).isEqualTo("ok");
            }
        }
    }

    @Test
    void chunkedRequestBodyWithExpectContinue() throws Exception {
        String json = "{\"metadata\":{\"name\":\"chunked\"},\"data\":{\"a\":\"b\"}}";
        String first = json.substring(0, 10);
        String rest = json.substring(10);
        try (Socket s = connect()) {
            OutputStream out = s.getOutputStream();
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
            out.write(("POST /api/v1/namespaces/default/configmaps HTTP/1.1\r\nHost: x\r\n"
                    + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\nExpect: 100-continue\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            assertThat(in.readLine()).isEqualTo("HTTP/1.1 100 Continue");
            assertThat(in.readLine()).isEmpty();
            out.write((Integer.toHexString(first.length()) + ";ext=1\r\n" + first + "\r\n"
                    + Integer.toHexString(rest.length()) + "\r\n" + rest + "\r\n0\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            String[] r = response(in);
            assertThat(r[0]).isEqualTo("HTTP/1.1 201 Created");
            assertThat(r[1]).contains("\"name\":\"chunked\"");
            // the connection is still usable
            out.write("GET /api/v1/namespaces/default/configmaps/chunked HTTP/1.1\r\nHost: x\r\n\r\n"
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            assertThat(response(in)[0]).isEqualTo("HTTP/1.1 200 OK");
        }
    }

    @Test
    void watchIsStreamedChunked() throws Exception {
        try (Socket s = connect()) {
            OutputStream out = s.getOutputStream();
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
            out.write("GET /api/v1/namespaces?watch=true&timeoutSeconds=1 HTTP/1.1\r\nHost: x\r\n\r\n"
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            String[] r = response(in);
            assertThat(r[0]).isEqualTo("HTTP/1.1 200 OK");
            assertThat(r[1].lines().filter(l -> l.startsWith("{\"type\":\"ADDED\"")).count())
                    .as("one ADDED line per seeded namespace").isGreaterThanOrEqualTo(4);
        }
    }

    @Test
    void malformedRequestLineGets400AndTheServerStaysUp() throws Exception {
        try (Socket s = connect()) {
            s.getOutputStream().write("NOT HTTP AT ALL\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
            assertThat(in.readLine()).isEqualTo("HTTP/1.1 400 Bad Request");
        }
        try (Socket s = connect()) {
            s.getOutputStream().write("GET /healthz HTTP/1.1\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.ISO_8859_1));
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
            assertThat(response(in)[0]).isEqualTo("HTTP/1.1 200 OK");
            assertThat(in.readLine()).as("closed after Connection: close").isNull();
        }
    }
}
