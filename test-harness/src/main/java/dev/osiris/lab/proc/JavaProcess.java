package dev.osiris.lab.proc;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts one of the project's main classes in a JVM of its own, with this JVM's java and class path: the way
 * the lab runs a relay or an agent as a separate process (to measure it alone, or to kill it).
 */
public final class JavaProcess {

    private JavaProcess() {
    }

    public static ProcessBuilder builder(List<String> jvmOptions, String mainClass, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("--enable-native-access=ALL-UNNAMED"); // sqlite-jdbc loads its native library
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> env = builder.environment();
        env.remove("OSIRIS_MASTER_KEY"); // a child never inherits a secret it was not given on purpose
        return builder;
    }

    public static Process start(List<String> jvmOptions, String mainClass, List<String> args) throws IOException {
        return builder(jvmOptions, mainClass, args).redirectErrorStream(true).start();
    }
}
