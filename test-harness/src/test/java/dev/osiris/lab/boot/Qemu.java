package dev.osiris.lab.boot;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One boot of the test disk in QEMU under TCG, serial console on stdio, no network, no reboot: grub.cfg halts the
 * machine once it has chosen (the test image's switch), which ends QEMU. {@code -display none} rather than {@code
 * -nographic}: with -nographic SeaBIOS mirrors the VGA text console onto the serial line too, so every GRUB line
 * arrives twice, interleaved with itself.
 */
final class Qemu {

    enum Firmware { BIOS, UEFI }

    static final String BINARY = "qemu-system-x86_64";
    static final Path OVMF_CODE = Path.of("/usr/share/OVMF/OVMF_CODE_4M.fd");
    static final Path OVMF_VARS = Path.of("/usr/share/OVMF/OVMF_VARS_4M.fd");
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final String MENU_READY = "Use the ^ and v keys";

    private Qemu() {
    }

    /** Boots once and reports GRUB's choice; a recovery menu is left waiting until the deadline ends the run. */
    static BootOutcome boot(BootDisk disk, Firmware firmware) throws IOException, InterruptedException {
        return run(disk, firmware, Optional.empty());
    }

    /** Boots once; when GRUB shows the recovery menu, presses {@code hotkey} as a technician would. */
    static BootOutcome bootPressingInRecovery(BootDisk disk, char hotkey) throws IOException, InterruptedException {
        return run(disk, Firmware.BIOS, Optional.of(hotkey));
    }

    private static BootOutcome run(BootDisk disk, Firmware firmware, Optional<Character> recoveryKey)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(BINARY, "-accel", "tcg", "-m", "256", "-display", "none",
                "-serial", "stdio", "-monitor", "none", "-no-reboot", "-net", "none",
                "-drive", "file=" + disk.image() + ",format=raw,if=ide"));
        if (firmware == Firmware.UEFI) {
            Path vars = disk.image().resolveSibling("OVMF_VARS.fd");
            Files.copy(OVMF_VARS, vars, StandardCopyOption.REPLACE_EXISTING);
            command.addAll(List.of("-drive", "if=pflash,format=raw,readonly=on,file=" + OVMF_CODE,
                    "-drive", "if=pflash,format=raw,file=" + vars));
        }
        Process qemu = new ProcessBuilder(command).redirectErrorStream(true).start();
        ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor();
        // a machine that never halts (a waiting menu, a hung boot) is ended; its output so far is the outcome
        ScheduledFuture<?> stop = watchdog.schedule(qemu::destroyForcibly, DEADLINE.toSeconds(), TimeUnit.SECONDS);
        StringBuilder console = new StringBuilder();
        try {
            read(qemu, console, recoveryKey);
        } finally {
            stop.cancel(false);
            watchdog.shutdownNow();
            qemu.destroyForcibly();
            qemu.waitFor(10, TimeUnit.SECONDS);
        }
        return BootOutcome.read(console.toString());
    }

    /** Reads the console until QEMU ends; at a recovery menu presses the key, or ends the run when none is given. */
    private static void read(Process qemu, StringBuilder console, Optional<Character> recoveryKey) throws IOException {
        InputStream out = qemu.getInputStream();
        OutputStream in = qemu.getOutputStream();
        byte[] buffer = new byte[4096];
        boolean pressed = false;
        while (true) {
            int n;
            try {
                n = out.read(buffer);
            } catch (IOException e) {
                if (qemu.isAlive()) {
                    throw e;
                }
                return; // the watchdog ended it: what was read is the outcome
            }
            if (n < 0) {
                return;
            }
            console.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
            if (!pressed && console.indexOf(BootOutcome.RECOVERY) >= 0 && console.indexOf(MENU_READY) >= 0) {
                if (recoveryKey.isEmpty()) {
                    return; // nobody at the keyboard: the menu would wait for ever
                }
                in.write(recoveryKey.get());
                in.flush();
                pressed = true;
            }
        }
    }
}
