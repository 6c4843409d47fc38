package io.gitops4j.core.render.helm;

import com.marcnuri.helm.jni.HelmLib;
import com.marcnuri.helm.jni.NativeLibrary;
import com.sun.jna.Native;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Iterator;
import java.util.ServiceLoader;

/**
 * Loads helm-java's native Helm library (about 100 MB) in the child process from a directory shared by the children
 * of one parent JVM: the first child copies it out of the platform jar (to a temporary name, then an atomic rename),
 * later children load the copy, so a render does not write 100 MB to disk. helm-java's own loader would copy it to a
 * new temporary directory in every process, and would download a jar from the network when no platform jar is on the
 * class path; this class never does. Stateless.
 */
final class HelmLibrary {
    private HelmLibrary() {}

    /**
     * @param cache a private directory (owner-only) the parent created for these copies
     * @return the loaded library
     * @throws IllegalStateException when no helm-java platform jar for this machine is on the class path
     */
    static HelmLib load(Path cache) throws IOException {
        NativeLibrary platform = platform();
        Path library = cache.resolve(platform.getBinaryName());
        if (!Files.isRegularFile(library)) {
            Path partial = Files.createTempFile(cache, ".partial-", ".so");
            try (InputStream in = platform.getClass().getResourceAsStream("/" + platform.getBinaryName())) {
                if (in == null) {
                    throw new IllegalStateException("the helm-java platform jar holds no " + platform.getBinaryName());
                }
                Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
                Files.move(partial, library, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(partial);
            }
        }
        return Native.load(library.toString(), HelmLib.class);
    }

    private static NativeLibrary platform() {
        Iterator<NativeLibrary> found = ServiceLoader.load(NativeLibrary.class, HelmLibrary.class.getClassLoader())
                .iterator();
        if (!found.hasNext()) {
            throw new IllegalStateException("no helm-java platform jar for " + System.getProperty("os.name") + "/"
                    + System.getProperty("os.arch") + " is on the class path");
        }
        return found.next();
    }
}
