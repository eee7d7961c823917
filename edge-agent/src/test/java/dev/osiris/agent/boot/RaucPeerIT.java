package dev.osiris.agent.boot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.osiris.agent.boot.BootSlots.Slot;
import dev.osiris.agent.boot.BootSlots.State;
import dev.osiris.testing.Await;
import dev.osiris.testing.Tools;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Debian's RAUC (its GRUB backend) as a second peer on the same environment block: {@code rauc status} agrees with
 * {@link GrubBootSlots} on the booted slot, the primary slot and each slot's good or bad, and what RAUC marks our side
 * reads. RAUC calls a slot good when OK=1 and TRY=0, and primary the first such slot in ORDER; a slot on trial
 * (TRY>0) is "bad" to it until the health gate marks it good. The RAUC service runs on a private session bus.
 */
class RaucPeerIT {

    private static final Duration WITHIN = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final List<Process> started = new ArrayList<>();
    private final Map<String, String> bus = new HashMap<>();

    @BeforeAll
    static void raucAndDbusAreInstalled() {
        for (String tool : List.of("rauc", "dbus-daemon", "grub-editenv")) {
            assumeTrue(Tools.find(tool).isPresent(), tool + " is not installed (Debian: rauc, dbus, grub-common;"
                    + " ./osiris test installs them)");
        }
    }

    @AfterEach
    void stopWhatWasStarted() throws InterruptedException {
        for (Process p : started.reversed()) {
            p.destroy();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    @Test
    void raucSeesTheTrialOfAnActivatedSlotAsWeDo() throws Exception {
        Path env = dir.resolve("grubenv");
        new GrubEnvFile(env).write(GrubEnv.empty().with("ORDER", "A B").with("A_OK", "1").with("A_TRY", "0")
                .with("B_OK", "0").with("B_TRY", "0"));
        GrubBootSlots slots = new GrubBootSlots(new GrubEnvFile(env), "osiris.slot=A");
        slots.markActive(Slot.B);
        new GrubEnvFile(env).write(new GrubEnvFile(env).read().with("B_TRY", "1")); // GRUB started B's trial

        startRauc(env, Slot.B);
        JsonNode status = status();

        State ours = new GrubBootSlots(new GrubEnvFile(env), "osiris.slot=B").read();
        assertThat(ours).isEqualTo(new State(Slot.B, List.of(Slot.B, Slot.A), true, 0, true, 1));
        assertThat(status.get("booted").asText()).isEqualTo("B");
        assertThat(bootStatus(status, "B")).as("on trial").isEqualTo("bad");
        assertThat(bootStatus(status, "A")).isEqualTo("good");
        assertThat(primary(status)).as("first good slot in ORDER").isEqualTo(firstGood(ours).orElseThrow().name());
    }

    @Test
    void whatRaucMarksWeReadAndWhatWeMarkRaucReads() throws Exception {
        Path env = dir.resolve("grubenv");
        new GrubEnvFile(env).write(GrubEnv.empty().with("ORDER", "B A").with("A_OK", "1").with("A_TRY", "0")
                .with("B_OK", "1").with("B_TRY", "1"));
        startRauc(env, Slot.B);
        GrubBootSlots ours = new GrubBootSlots(new GrubEnvFile(env), "osiris.slot=B");

        rauc("status", "mark-good", "booted");
        assertThat(ours.read()).isEqualTo(new State(Slot.B, List.of(Slot.B, Slot.A), true, 0, true, 0));

        rauc("status", "mark-active", "other");
        assertThat(ours.read()).isEqualTo(new State(Slot.B, List.of(Slot.A, Slot.B), true, 0, true, 0));

        ours.markBad(Slot.A);
        JsonNode status = status();
        assertThat(bootStatus(status, "A")).isEqualTo("bad");
        assertThat(primary(status)).isEqualTo("B");

        ours.markActive(Slot.A);
        status = status();
        assertThat(bootStatus(status, "A")).isEqualTo("good");
        assertThat(primary(status)).isEqualTo("A");
    }

    private void startRauc(Path env, Slot booted) throws Exception {
        Files.writeString(dir.resolve("system.conf"), """
                [system]
                compatible=osiris-appliance
                bootloader=grub
                grubenv=%s
                statusfile=%s

                [slot.rootfs.0]
                device=%s
                type=raw
                bootname=A

                [slot.rootfs.1]
                device=%s
                type=raw
                bootname=B
                """.formatted(env, dir.resolve("status.raucs"), slotFile("a.img"), slotFile("b.img")));
        Process dbus = new ProcessBuilder("dbus-daemon", "--session", "--nofork", "--print-address=1")
                .redirectError(dir.resolve("dbus.err").toFile()).start();
        started.add(dbus);
        String address = new BufferedReader(new InputStreamReader(dbus.getInputStream(), StandardCharsets.UTF_8))
                .readLine();
        assertThat(address).as("dbus-daemon printed its address").startsWith("unix:");
        bus.put("DBUS_SESSION_BUS_ADDRESS", address);
        bus.put("DBUS_STARTER_BUS_TYPE", "session");
        ProcessBuilder service = new ProcessBuilder("rauc", "--conf=" + dir.resolve("system.conf"), "service",
                "--override-boot-slot=" + booted).redirectErrorStream(true)
                .redirectOutput(dir.resolve("rauc-service.log").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        service.environment().putAll(bus);
        started.add(service.start());
        Await.until("rauc service answers on the session bus", Duration.ofSeconds(30),
                () -> Tools.exec(WITHIN, bus, List.of("rauc", "status", "--output-format=json")).exitCode() == 0);
    }

    private Path slotFile(String name) throws Exception {
        Path slot = dir.resolve(name);
        Files.write(slot, new byte[4096]);
        return slot;
    }

    private String rauc(String... args) {
        List<String> command = new ArrayList<>(List.of("rauc"));
        command.addAll(List.of(args));
        Tools.Output out = Tools.exec(WITHIN, bus, command);
        assertThat(out.exitCode()).as(String.join(" ", command) + ": " + out.stderr()).isZero();
        return out.stdout();
    }

    private JsonNode status() throws Exception {
        return JSON.readTree(rauc("status", "--output-format=json"));
    }

    private static String bootStatus(JsonNode status, String bootname) {
        for (JsonNode entry : status.get("slots")) {
            JsonNode slot = entry.elements().next();
            if (slot.get("bootname").asText().equals(bootname)) {
                return slot.get("boot_status").asText();
            }
        }
        throw new AssertionError("rauc status has no slot with bootname " + bootname + ": " + status);
    }

    private static String primary(JsonNode status) {
        String name = status.get("boot_primary").asText();
        for (JsonNode entry : status.get("slots")) {
            if (entry.has(name)) {
                return entry.get(name).get("bootname").asText();
            }
        }
        throw new AssertionError("rauc status names primary " + name + " but lists no such slot: " + status);
    }

    private static Optional<Slot> firstGood(State state) {
        return state.order().stream()
                .filter(s -> s == Slot.A ? state.aOk() && state.aTry() == 0 : state.bOk() && state.bTry() == 0)
                .findFirst();
    }
}
