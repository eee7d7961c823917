package dev.osiris.lab.windows.fidelity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.osiris.agent.remote.Clixml;
import dev.osiris.lab.windows.WinRmEmulator;
import dev.osiris.lab.windows.WinRmEmulatorConfig;
import dev.osiris.lab.windows.model.WindowsHost;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The emulator fidelity corpus ({@code fidelity/corpus.yaml}): ordinary admin one-liners through Debian's pywinrm
 * against an emulated workstation, in order, in one shell. Each is faithful to what Windows documents or refused
 * loudly; none is wrong. Prints the figures.
 */
class EmulatorFidelityIT {

    @TempDir
    Path dir;

    @Test
    void everyOneLinerIsFaithfulOrRefusedLoudly() throws Exception {
        String unavailable = dev.osiris.lab.windows.clients.PyWinRm.unavailableReason();
        Assumptions.assumeTrue(unavailable == null, () -> "pywinrm unavailable: " + unavailable);
        List<CorpusEntry> corpus = load();
        Vertx vertx = Vertx.vertx();
        WinRmEmulator emulator = WinRmEmulator.start(vertx,
                WinRmEmulatorConfig.builder(WindowsHost.workstation("NVWS01")).build()).await();
        JsonArray results;
        try {
            results = runThroughPywinrm(emulator, corpus);
        } finally {
            emulator.close().await();
            vertx.close().await();
        }

        Map<CorpusEntry.Outcome, List<String>> outcomes = new EnumMap<>(CorpusEntry.Outcome.class);
        for (CorpusEntry.Outcome o : CorpusEntry.Outcome.values()) {
            outcomes.put(o, new ArrayList<>());
        }
        for (int i = 0; i < corpus.size(); i++) {
            CorpusEntry entry = corpus.get(i);
            JsonObject r = results.getJsonObject(i);
            assertThat(r.getString("id")).isEqualTo(entry.id());
            assertThat(r.getString("error")).as(entry.id() + ": " + r.getString("message")).isNull();
            String stdout = r.getString("stdout");
            String stderr = Clixml.decode(r.getString("stderr"));
            int exit = r.getInteger("exit_code");
            CorpusEntry.Outcome outcome = entry.judge(stdout, stderr, exit);
            String line = entry.id() + (outcome == CorpusEntry.Outcome.FAITHFUL ? ""
                    : ": " + String.join("; ", entry.mismatches(stdout, stderr, exit))
                    + (stderr.isBlank() ? "" : " [stderr: " + stderr.strip().lines().findFirst().orElse("") + "]"));
            outcomes.get(outcome).add(line);
        }
        System.out.printf("fidelity corpus: %d one-liners: %d faithful, %d refused, %d wrong%n", corpus.size(),
                outcomes.get(CorpusEntry.Outcome.FAITHFUL).size(), outcomes.get(CorpusEntry.Outcome.REFUSED).size(),
                outcomes.get(CorpusEntry.Outcome.WRONG).size());
        outcomes.get(CorpusEntry.Outcome.REFUSED).forEach(l -> System.out.println("  refused " + l));
        outcomes.get(CorpusEntry.Outcome.WRONG).forEach(l -> System.out.println("  WRONG   " + l));
        assertThat(outcomes.get(CorpusEntry.Outcome.WRONG)).as("one-liners the emulator answers wrongly").isEmpty();
        assertThat(outcomes.get(CorpusEntry.Outcome.FAITHFUL)).as("faithful one-liners").hasSizeGreaterThan(corpus.size() / 2);
    }

    private static List<CorpusEntry> load() throws Exception {
        try (InputStream in = EmulatorFidelityIT.class.getResourceAsStream("/fidelity/corpus.yaml")) {
            List<CorpusEntry> corpus = new ArrayList<>();
            for (JsonNode node : new YAMLMapper().readTree(in)) {
                corpus.add(CorpusEntry.of(node));
            }
            return corpus;
        }
    }

    private JsonArray runThroughPywinrm(WinRmEmulator emulator, List<CorpusEntry> corpus) throws Exception {
        for (String name : List.of("run_corpus.py", "openssl-legacy.cnf")) {
            try (InputStream in = EmulatorFidelityIT.class.getResourceAsStream("/pywinrm/" + name)) {
                Files.copy(in, dir.resolve(name));
            }
        }
        JsonArray commands = new JsonArray();
        for (CorpusEntry e : corpus) {
            commands.add(e.cmd() != null ? new JsonObject().put("id", e.id()).put("cmd", e.cmd())
                    : new JsonObject().put("id", e.id()).put("ps", e.ps()));
        }
        Path args = dir.resolve("corpus.json");
        Files.writeString(args, new JsonObject().put("url", emulator.httpUrl()).put("transport", "ntlm")
                .put("user", ".\\" + WindowsHost.LOCAL_ACCOUNT.user()).put("password", WindowsHost.LOCAL_ACCOUNT.password())
                .put("commands", commands).encode());
        ProcessBuilder pb = new ProcessBuilder("/usr/bin/python3", dir.resolve("run_corpus.py").toString(), args.toString());
        pb.environment().put("OPENSSL_CONF", dir.resolve("openssl-legacy.cnf").toString());
        pb.environment().put("PYTHONIOENCODING", "utf-8");
        pb.redirectError(dir.resolve("stderr.log").toFile());
        pb.redirectOutput(dir.resolve("stdout.json").toFile());
        Process p = pb.start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("pywinrm did not finish the corpus within 5 minutes");
        }
        assertThat(p.exitValue()).as(Files.readString(dir.resolve("stderr.log"))).isZero();
        return new JsonArray(Files.readString(dir.resolve("stdout.json"), StandardCharsets.UTF_8).strip());
    }
}
