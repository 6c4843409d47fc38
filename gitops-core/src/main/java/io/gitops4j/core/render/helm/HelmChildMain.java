package io.gitops4j.core.render.helm;

import com.marcnuri.helm.jni.HelmLib;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The entry point of the Helm child process: {@code java … HelmChildMain --serve LIBRARY-CACHE IDLE-SECONDS}. The
 * parent ({@code HelmProcess}) starts it the hardened way (scrubbed environment, operating-system limits on memory and
 * CPU time, a process group of its own) and keeps it warm between renders, so a chart runs in a process that can be
 * killed and whose resources the operating system limits, without paying for the JVM and Helm's native library on
 * every render.
 *
 * <p>Before loading Helm the child refuses to run unless the environment is the scrubbed one: {@code KUBECONFIG}
 * set (to a file that does not exist yet, where the child writes the kubeconfig of its {@link NullApiServer}), no
 * {@code HELM_*} or {@code KUBERNETES_*} variable (which could name another API server, a token or in-cluster
 * credentials).
 *
 * <p>Protocol: each line on standard input names a request file ({@link HelmTemplateRequest}); the child renders it
 * {@code renders} times and answers on standard output with one header line {@code gitops4j-helm LEN1 LEN2 …}
 * followed by each render's bytes (UTF-8), or {@code gitops4j-helm-refused LEN} followed by Helm's message when Helm
 * refuses the chart. End of input, or {@code IDLE-SECONDS} without a request, ends the child (exit code 0). A setup
 * failure exits with {@value #SETUP_ERROR} and a last standard-error line starting with {@value #ERROR_PREFIX}; any
 * other end (a signal, Go's "out of memory") means a limit stopped it.
 */
public final class HelmChildMain {
    /** The exit code when the child cannot run at all. */
    public static final int SETUP_ERROR = 4;
    /** Starts the standard-error line carrying the message of a failure. */
    public static final String ERROR_PREFIX = "gitops4j-helm-error: ";
    /** Starts the standard-output header line of a rendered request. */
    public static final String HEADER = "gitops4j-helm";
    /** Starts the standard-output header line of a request whose chart Helm refused. */
    public static final String ERROR_HEADER = "gitops4j-helm-refused";

    private HelmChildMain() {}

    /** @param args {@code --serve LIBRARY-CACHE IDLE-SECONDS} */
    public static void main(String[] args) {
        int code;
        try {
            code = serve(args);
        } catch (RuntimeException | IOException | LinkageError e) {
            fail(e);
            code = SETUP_ERROR;
        }
        System.out.flush();
        System.err.flush();
        Runtime.getRuntime().halt(code);
    }

    private static int serve(String[] args) throws IOException {
        if (args.length != 3 || !args[0].equals("--serve")) {
            throw new IllegalArgumentException("usage: HelmChildMain --serve LIBRARY-CACHE IDLE-SECONDS");
        }
        String kubeconfig = checkEnvironment(System.getenv());
        long idleMillis = Long.parseLong(args[2]) * 1000;
        try (NullApiServer api = NullApiServer.start()) {
            api.writeKubeconfig(Path.of(kubeconfig));
            HelmLib lib = HelmLibrary.load(Path.of(args[1]));
            AtomicLong lastActive = new AtomicLong(System.nanoTime());
            Thread idle = new Thread(() -> exitWhenIdle(lastActive, idleMillis), "gitops4j-helm-idle");
            idle.setDaemon(true);
            idle.start();
            BufferedReader requests = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line;
            while ((line = requests.readLine()) != null) {
                lastActive.set(System.nanoTime());
                answer(lib, HelmTemplateRequest.read(Path.of(line)), System.out);
                lastActive.set(System.nanoTime());
            }
        }
        return 0;
    }

    /** Renders one request and writes its frame: the outputs, or Helm's refusal of the chart. */
    private static void answer(HelmLib lib, HelmTemplateRequest request, PrintStream stdout) throws IOException {
        List<byte[]> outputs = new ArrayList<>();
        String error = null;
        for (int i = 0; i < request.renders() && error == null; i++) {
            try {
                outputs.add(HelmTemplate.run(lib, request).getBytes(StandardCharsets.UTF_8));
            } catch (IllegalStateException e) {
                error = String.valueOf(e.getMessage());
            }
        }
        StringBuilder header = new StringBuilder(error == null ? HEADER : ERROR_HEADER);
        List<byte[]> frames = error == null ? outputs : List.of(error.getBytes(StandardCharsets.UTF_8));
        for (byte[] output : frames) {
            header.append(' ').append(output.length);
        }
        OutputStream out = stdout;
        out.write(header.append('\n').toString().getBytes(StandardCharsets.US_ASCII));
        for (byte[] output : frames) {
            out.write(output);
        }
        out.flush();
    }

    private static void exitWhenIdle(AtomicLong lastActive, long idleMillis) {
        while (true) {
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
            if (System.nanoTime() - lastActive.get() > idleMillis * 1_000_000) {
                Runtime.getRuntime().halt(0);
            }
        }
    }

    /**
     * @return the kubeconfig path the environment names
     * @throws IllegalStateException when the environment is not the scrubbed one the parent sets up
     */
    static String checkEnvironment(Map<String, String> env) {
        for (String name : env.keySet()) {
            if (name.startsWith("HELM_") || name.startsWith("KUBERNETES_")) {
                throw new IllegalStateException("refusing to run with " + name + " in the environment");
            }
        }
        String kubeconfig = env.get("KUBECONFIG");
        if (kubeconfig == null || kubeconfig.isEmpty() || kubeconfig.contains(java.io.File.pathSeparator)) {
            throw new IllegalStateException("KUBECONFIG must name the one file the child writes");
        }
        return kubeconfig;
    }

    private static void fail(Throwable e) {
        String message = String.valueOf(e.getMessage()).replace("\r", "").replace("\n", "\\n");
        System.err.println();
        System.err.println(ERROR_PREFIX + message);
    }
}
