package io.gitops4j.core.render.helm;

import com.marcnuri.helm.jni.HelmLib;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The entry point of the Helm child process: {@code java … HelmChildMain REQUEST-FILE}. The parent ({@code
 * HelmRenderer}) starts it through the hardened tool runner, so a chart runs in a process that can be killed on
 * timeout and whose memory and CPU time the operating system limits, with a scrubbed environment.
 *
 * <p>Before loading Helm the child refuses to run unless the environment is the scrubbed one: {@code KUBECONFIG}
 * set (to a file that does not exist yet, where the child writes the kubeconfig of its {@link NullApiServer}), no
 * {@code HELM_*} or {@code KUBERNETES_*} variable (which could name another API server, a token or in-cluster
 * credentials). Then it renders the request {@code renders} times.
 *
 * <p>Protocol: on success, exit code 0 and on standard output one header line {@code gitops4j-helm LEN1 LEN2 …}
 * followed by each render's bytes (UTF-8); when Helm refuses the chart, exit code {@value #CHART_ERROR} and a last
 * standard-error line starting with {@value #ERROR_PREFIX}; a broken setup, exit code {@value #SETUP_ERROR} and the
 * same kind of line. Any other exit (a signal, Go's "out of memory") means a limit stopped it.
 */
public final class HelmChildMain {
    /** The exit code when Helm refuses the chart (its message is on standard error). */
    public static final int CHART_ERROR = 3;
    /** The exit code when the child cannot run at all. */
    public static final int SETUP_ERROR = 4;
    /** Starts the standard-error line carrying the message of a failure. */
    public static final String ERROR_PREFIX = "gitops4j-helm-error: ";
    /** Starts the standard-output header line of a successful run. */
    public static final String HEADER = "gitops4j-helm";

    private HelmChildMain() {}

    /** @param args the request file */
    public static void main(String[] args) {
        int code;
        try {
            code = run(args);
        } catch (RuntimeException | IOException | LinkageError e) {
            fail(e);
            code = SETUP_ERROR;
        }
        System.out.flush();
        System.err.flush();
        Runtime.getRuntime().halt(code);
    }

    private static int run(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: HelmChildMain REQUEST-FILE");
        }
        String kubeconfig = checkEnvironment(System.getenv());
        HelmTemplateRequest request = HelmTemplateRequest.read(Path.of(args[0]));
        try (NullApiServer api = NullApiServer.start()) {
            api.writeKubeconfig(Path.of(kubeconfig));
            HelmLib lib = HelmLibrary.load(request.libraryCache());
            List<byte[]> outputs = new ArrayList<>();
            for (int i = 0; i < request.renders(); i++) {
                try {
                    outputs.add(HelmTemplate.run(lib, request).getBytes(StandardCharsets.UTF_8));
                } catch (IllegalStateException e) {
                    fail(e);
                    return CHART_ERROR;
                }
            }
            write(outputs, System.out);
        }
        return 0;
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

    private static void write(List<byte[]> outputs, PrintStream stdout) throws IOException {
        StringBuilder header = new StringBuilder(HEADER);
        for (byte[] output : outputs) {
            header.append(' ').append(output.length);
        }
        OutputStream out = stdout;
        out.write(header.append('\n').toString().getBytes(StandardCharsets.US_ASCII));
        for (byte[] output : outputs) {
            out.write(output);
        }
        out.flush();
    }

    private static void fail(Throwable e) {
        String message = String.valueOf(e.getMessage()).replace("\r", "").replace("\n", "\\n");
        System.err.println();
        System.err.println(ERROR_PREFIX + message);
    }
}
