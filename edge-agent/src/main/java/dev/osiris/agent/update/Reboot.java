package dev.osiris.agent.update;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Reboots the appliance through the configured command. Blocking. */
@FunctionalInterface
public interface Reboot {

    void now() throws IOException;

    /** Runs {@code command}, waiting at most 60 s for it to hand the reboot to the init system. */
    static Reboot command(List<String> command) {
        return () -> {
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            try {
                if (!p.waitFor(60, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new IOException("reboot command " + command + " did not finish within 60 s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while rebooting", e);
            }
            if (p.exitValue() != 0) {
                throw new IOException("reboot command " + command + " exited " + p.exitValue());
            }
        };
    }
}
