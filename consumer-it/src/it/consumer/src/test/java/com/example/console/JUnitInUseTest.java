package com.example.console;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;

/**
 * Part of the invoker's harness, not of the example: records the JUnit artifacts this run uses (Jupiter API, Jupiter
 * engine, Platform engine, Platform launcher) for verify.groovy.
 */
class JUnitInUseTest {
    @Test
    void recordTheJUnitVersions() throws Exception {
        String line = String.join(" ", version("org.junit.jupiter.api.Test"),
                version("org.junit.jupiter.engine.JupiterTestEngine"), version("org.junit.platform.engine.TestEngine"),
                version("org.junit.platform.launcher.Launcher"));
        Files.writeString(Path.of("junit-versions.txt"), line + "\n", StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    private static String version(String className) throws ClassNotFoundException {
        return Class.forName(className).getPackage().getImplementationVersion();
    }
}
