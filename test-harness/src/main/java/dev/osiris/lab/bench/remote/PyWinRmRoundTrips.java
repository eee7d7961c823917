package dev.osiris.lab.bench.remote;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Debian's pywinrm (python3-winrm 0.3.0) timing itself against the same emulated host: N runs with a new
 * Protocol + shell per call, then N runs in one reused shell. It prints its samples (microseconds) as one JSON line
 * that this class parses. Environment as in the test-harness's PyWinRm client: a cleared environment,
 * OPENSSL_CONF enabling OpenSSL 3's legacy provider (MD4 for NTLM) and REQUESTS_CA_BUNDLE for the emulator's
 * certificate.
 */
final class PyWinRmRoundTrips {

    /** New and reused samples of one run. */
    record Result(Latencies fresh, Latencies reused) {
    }

    private static final String OPENSSL_LEGACY = """
            openssl_conf = openssl_init
            [openssl_init]
            providers = provider_sect
            [provider_sect]
            default = default_sect
            legacy = legacy_sect
            [default_sect]
            activate = 1
            [legacy_sect]
            activate = 1
            """;

    private static final String SCRIPT = """
            import json, sys, time
            from winrm.protocol import Protocol

            a = json.loads(sys.argv[1])

            def protocol():
                https = a["url"].startswith("https")
                return Protocol(endpoint=a["url"], transport=a["transport"], username=a["user"],
                                password=a["password"], server_cert_validation="validate" if https else "ignore",
                                ca_trust_path=a.get("ca"), operation_timeout_sec=20, read_timeout_sec=30)

            def run(p, shell):
                command_id = p.run_command(shell, a["command"])
                out, err, code = p.get_command_output(shell, command_id)
                p.cleanup_command(shell, command_id)
                if out.strip() != b"1":
                    raise SystemExit("unexpected result: exit %s stdout %r stderr %r" % (code, out, err))

            def fresh():
                p = protocol()
                shell = p.open_shell()
                run(p, shell)
                p.close_shell(shell)

            def timed(action):
                for _ in range(a["warmup"]):
                    action()
                samples = []
                for _ in range(a["n"]):
                    t = time.perf_counter_ns()
                    action()
                    samples.append((time.perf_counter_ns() - t) // 1000)
                return samples

            new = timed(fresh)
            p = protocol()
            shell = p.open_shell()
            reused = timed(lambda: run(p, shell))
            p.close_shell(shell)
            print(json.dumps({"new": new, "reused": reused}))
            """;

    private static final String SOAK = """
            import json, sys, threading, time
            from winrm.protocol import Protocol

            a = json.loads(sys.argv[1])
            lock = threading.Lock()
            tally = {"ok": 0, "failures": 0, "first": None}

            def count(ok, why=None):
                with lock:
                    tally["ok" if ok else "failures"] += 1
                    if not ok and tally["first"] is None:
                        tally["first"] = why[:300]

            def shell_loop(user, password, n):
                try:
                    p = Protocol(endpoint=a["url"], transport="ntlm", username=user, password=password,
                                 server_cert_validation="ignore", operation_timeout_sec=20, read_timeout_sec=30)
                    shell = p.open_shell()
                except Exception as e:
                    for _ in range(n):
                        count(False, "open: %r" % e)
                    return
                for _ in range(n):
                    try:
                        command_id = p.run_command(shell, a["command"])
                        out, err, code = p.get_command_output(shell, command_id)
                        p.cleanup_command(shell, command_id)
                        count(out.strip() == b"1", "printed %r" % out)
                    except Exception as e:
                        count(False, repr(e))
                p.close_shell(shell)

            start = time.perf_counter()
            shells = len(a["accounts"])
            threads = [threading.Thread(target=shell_loop, args=(u, pw, a["commands"] // shells
                        + (1 if i < a["commands"] % shells else 0)))
                       for i, (u, pw) in enumerate(a["accounts"])]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            tally["seconds"] = time.perf_counter() - start
            print(json.dumps(tally))
            """;

    private final Path dir;
    private final String python;

    PyWinRmRoundTrips(Path dir, String python) {
        this.dir = dir;
        this.python = python;
    }

    /** Why pywinrm cannot run here, or null if it can. */
    String unavailableReason() {
        try {
            Process p = new ProcessBuilder(python, "-c", "import winrm, requests_ntlm").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return python + " did not answer within 30 s";
            }
            return p.exitValue() == 0 ? null : "python3-winrm is not installed for " + python + ": " + out.strip();
        } catch (IOException e) {
            return python + " is not available: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /**
     * Times {@code n} calls per mode after {@code warmup} untimed ones; {@code transport} is pywinrm's (ntlm, ssl).
     *
     * @throws IllegalStateException if the script fails or the emulator answers something unexpected
     */
    Result measure(String url, String transport, String user, String password, Path caFile, String command,
                   int warmup, int n) throws IOException, InterruptedException {
        JsonObject args = new JsonObject().put("url", url).put("transport", transport).put("user", user)
                .put("password", password).put("command", command).put("warmup", warmup).put("n", n);
        if (caFile != null) {
            args.put("ca", caFile.toString());
        }
        JsonObject result = python("pywinrm_bench.py", SCRIPT, args, caFile, "pywinrm-" + transport + "-stderr.log");
        return new Result(Latencies.ofMicros(longs(result.getJsonArray("new"))),
                Latencies.ofMicros(longs(result.getJsonArray("reused"))));
    }

    /**
     * pywinrm under the same load as {@link NtlmSoak}: one thread per account, each its own Protocol (session,
     * connection, NTLM context) and shell, running its share of {@code commands} back to back; every failure counted.
     */
    NtlmSoak.Result soak(String url, List<String[]> accounts, String command, int commands)
            throws IOException, InterruptedException {
        JsonArray list = new JsonArray();
        accounts.forEach(a -> list.add(new JsonArray().add(a[0]).add(a[1])));
        JsonObject args = new JsonObject().put("url", url).put("accounts", list).put("command", command)
                .put("commands", commands);
        JsonObject r = python("pywinrm_soak.py", SOAK, args, null, "pywinrm-soak-stderr.log");
        return new NtlmSoak.Result(r.getLong("ok"), r.getLong("failures"), r.getString("first"), r.getDouble("seconds"));
    }

    private JsonObject python(String name, String code, JsonObject args, Path caFile, String stderrName)
            throws IOException, InterruptedException {
        Path script = dir.resolve(name);
        Path openssl = dir.resolve("openssl-legacy.cnf");
        Files.writeString(script, code);
        Files.writeString(openssl, OPENSSL_LEGACY);
        ProcessBuilder pb = new ProcessBuilder(python, script.toString(), args.encode());
        Map<String, String> env = pb.environment();
        env.clear();
        env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
        env.put("LANG", "C.UTF-8");
        env.put("PYTHONIOENCODING", "utf-8");
        env.put("OPENSSL_CONF", openssl.toString());
        if (caFile != null) {
            env.put("REQUESTS_CA_BUNDLE", caFile.toString());
        }
        Path stderr = dir.resolve(stderrName);
        pb.redirectError(stderr.toFile());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0 || out.isBlank()) {
            p.destroyForcibly();
            throw new IllegalStateException("pywinrm bench failed: " + out + Files.readString(stderr));
        }
        return new JsonObject(out.strip().lines().reduce((x, y) -> y).orElseThrow());
    }

    private static List<Long> longs(JsonArray array) {
        List<Long> values = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            values.add(array.getLong(i));
        }
        return values;
    }
}
