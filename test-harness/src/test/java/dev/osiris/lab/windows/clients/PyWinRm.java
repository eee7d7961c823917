package dev.osiris.lab.windows.clients;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Drives Debian's real pywinrm (python3-winrm 0.3.0) from tests: runs a small script with an explicit
 * environment (OPENSSL_CONF enabling MD4 for NTLM, REQUESTS_CA_BUNDLE for the emulator's certificate).
 */
public final class PyWinRm {

    private final Path dir;

    private PyWinRm(Path dir) {
        this.dir = dir;
    }

    /** Why pywinrm cannot run here, or null if it can. */
    public static String unavailableReason() {
        String reason = null;
        for (String python : List.of(System.getProperty("pywinrm.python", "/usr/bin/python3"), "python3")) {
            reason = probe(python);
            if (reason == null) {
                interpreter = python;
                return null;
            }
        }
        return reason;
    }

    /** Debian's python3 (the one python3-winrm installs for), not whatever python3 is first on PATH. */
    private static String interpreter = "/usr/bin/python3";

    private static String probe(String python) {
        try {
            Process p = new ProcessBuilder(python, "-c", "import winrm, requests_ntlm").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "python3 did not answer within 30 s";
            }
            return p.exitValue() == 0 ? null : "python3-winrm is not installed (apt-get install -y python3-winrm): " + out.strip();
        } catch (IOException e) {
            return "python3 is not available: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /** Copies the client script and OpenSSL config into {@code dir}. */
    public static PyWinRm in(Path dir) throws IOException {
        for (String name : List.of("run_command.py", "openssl-legacy.cnf")) {
            try (InputStream in = PyWinRm.class.getResourceAsStream("/pywinrm/" + name)) {
                Files.copy(in, dir.resolve(name));
            }
        }
        return new PyWinRm(dir);
    }

    /** Runs the client with the given arguments (see run_command.py); returns its JSON result. */
    public JsonObject run(JsonObject args, String caPem) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(interpreter, dir.resolve("run_command.py").toString(), args.encode());
        Map<String, String> env = pb.environment();
        env.clear();
        env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
        env.put("LANG", "C.UTF-8");
        env.put("PYTHONIOENCODING", "utf-8");
        env.put("OPENSSL_CONF", dir.resolve("openssl-legacy.cnf").toString());
        if (caPem != null) {
            Path ca = dir.resolve("emulator-ca.pem");
            Files.writeString(ca, caPem);
            env.put("REQUESTS_CA_BUNDLE", ca.toString());
            args.put("ca", ca.toString());
            pb.command().set(2, args.encode());
        }
        pb.redirectError(dir.resolve("pywinrm-stderr.log").toFile());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("pywinrm did not finish within 120 s");
        }
        if (p.exitValue() != 0 || out.isBlank()) {
            throw new IllegalStateException("pywinrm failed (exit " + p.exitValue() + "): " + out
                    + Files.readString(dir.resolve("pywinrm-stderr.log")));
        }
        return new JsonObject(out.strip().lines().reduce((a, b) -> b).orElseThrow());
    }
}
