package io.gitops4j.examples.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The floor of {@code bench fake-apiserver}: an HTTP/1.1 server that does no work at all. It answers every GET of a
 * collection with one canned list and every other request with one canned object (both taken from a real answer of
 * the fake API server, so the client decodes exactly what it decodes there). Whatever a client call costs against
 * it is the client's own cost: no server can be faster than this for the same answers.
 *
 * <p>{@code CannedAnswerServer OBJECT_FILE LIST_FILE} prints {@code listening on URL} and serves until killed.
 */
public final class CannedAnswerServer {
    private CannedAnswerServer() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: CannedAnswerServer OBJECT_FILE LIST_FILE");
            System.exit(2);
        }
        byte[] object = Files.readAllBytes(Path.of(args[0]));
        byte[] list = Files.readAllBytes(Path.of(args[1]));
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            System.out.println("listening on http://127.0.0.1:" + server.getLocalPort());
            System.out.flush();
            while (true) {
                Socket socket = server.accept();
                socket.setTcpNoDelay(true);
                Thread t = new Thread(() -> serve(socket, object, list), "canned-conn");
                t.setDaemon(true);
                t.start();
            }
        }
    }

    private static void serve(Socket socket, byte[] object, byte[] list) {
        try (socket) {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
            while (true) {
                String requestLine = line(in);
                if (requestLine == null) {
                    return;
                }
                int length = 0;
                for (String header = line(in); header != null && !header.isEmpty(); header = line(in)) {
                    if (header.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                        length = Integer.parseInt(header.substring("content-length:".length()).trim());
                    }
                }
                in.readNBytes(length);
                String[] parts = requestLine.split(" ");
                String path = parts.length > 1 ? parts[1].split("\\?")[0] : "";
                boolean collection = parts[0].equals("GET") && path.endsWith("/configmaps");
                byte[] body = collection ? list : object;
                int status = parts[0].equals("POST") ? 201 : 200;
                out.write(("HTTP/1.1 " + status + " OK\r\nContent-Type: application/json\r\nContent-Length: "
                        + body.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                out.write(body);
                out.flush();
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
            b.append((char) c);
        }
        if (c == -1 && b.length() == 0) {
            return null;
        }
        return b.toString().trim();
    }
}
