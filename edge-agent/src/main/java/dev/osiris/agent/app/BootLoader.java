package dev.osiris.agent.app;

import dev.osiris.agent.boot.BootSlots;
import dev.osiris.agent.config.UpdateConfig;

import java.io.IOException;

/**
 * The boot loader's slots for this appliance: the GRUB environment block named by {@code update.grubEnv}. The block's
 * adapter is the boot half of issue 11 (branch f-boot); until it merges, every call fails with a message saying so,
 * which refuses updates (the order's record says why) and fails the health gate's slot marking, rather than faking it.
 */
final class BootLoader {

    private BootLoader() {
    }

    static BootSlots slots(UpdateConfig config) {
        return new BootSlots() {
            @Override
            public State read() throws IOException {
                throw missing();
            }

            @Override
            public void markActive(Slot slot) throws IOException {
                throw missing();
            }

            @Override
            public void markGood(Slot slot) throws IOException {
                throw missing();
            }

            @Override
            public void markBad(Slot slot) throws IOException {
                throw missing();
            }

            private IOException missing() {
                return new IOException("the GRUB environment block adapter for " + config.grubEnv()
                        + " is not in this build (issue 11, boot half)");
            }
        };
    }
}
