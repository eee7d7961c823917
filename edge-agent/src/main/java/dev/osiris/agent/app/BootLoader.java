package dev.osiris.agent.app;

import dev.osiris.agent.boot.BootSlots;
import dev.osiris.agent.boot.GrubBootSlots;
import dev.osiris.agent.boot.GrubEnvFile;
import dev.osiris.agent.config.UpdateConfig;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

/**
 * The boot loader's slots for this appliance: the GRUB environment block named by {@code update.grubEnv}, with the
 * booted slot from the kernel command line at {@code update.kernelCmdline}. Both files are read when a slot is first
 * asked for (from the updater's thread or the CLI, never at the agent's start on its event loop), so an appliance
 * that never updates never needs them.
 */
final class BootLoader {

    private BootLoader() {
    }

    static BootSlots slots(UpdateConfig config) {
        return new BootSlots() {
            private GrubBootSlots grub;

            private synchronized GrubBootSlots grub() throws IOException {
                if (grub == null) {
                    String cmdline;
                    try {
                        cmdline = Files.readString(config.kernelCmdline(), StandardCharsets.UTF_8);
                    } catch (IOException e) {
                        throw new IOException("update.kernelCmdline " + config.kernelCmdline() + " cannot be read: "
                                + e.getMessage(), e);
                    }
                    grub = new GrubBootSlots(new GrubEnvFile(config.grubEnv()), cmdline);
                }
                return grub;
            }

            @Override
            public State read() throws IOException {
                return grub().read();
            }

            @Override
            public void markActive(Slot slot) throws IOException {
                grub().markActive(slot);
            }

            @Override
            public void markGood(Slot slot) throws IOException {
                grub().markGood(slot);
            }

            @Override
            public void markBad(Slot slot) throws IOException {
                grub().markBad(slot);
            }
        };
    }
}
