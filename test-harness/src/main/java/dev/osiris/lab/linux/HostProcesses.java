package dev.osiris.lab.linux;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Blocking process helpers for the lab; only ever called on the lab's worker pool or in a shutdown hook. */
final class HostProcesses {

    private HostProcesses() {
    }

    /** Runs a command to completion (killed after {@code timeout}), optionally feeding stdin. */
    static ExecResult run(List<String> command, String stdin, Duration timeout) {
        try {
            Process p = new ProcessBuilder(command).start();
            if (stdin != null) {
                p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            p.getOutputStream().close();
            StreamText out = StreamText.start(p.getInputStream());
            StreamText err = StreamText.start(p.getErrorStream());
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
                return new ExecResult(124, out.text(), err.text() + "\n(killed after " + timeout.toSeconds() + " s)");
            }
            return new ExecResult(p.exitValue(), out.text(), err.text());
        } catch (IOException e) {
            return new ExecResult(127, "", command.getFirst() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ExecResult(130, "", "interrupted");
        }
    }

    static ExecResult run(Duration timeout, String... command) {
        return run(List.of(command), null, timeout);
    }

    /** Collects a stream on a platform thread (a pipe read would hold a virtual thread's carrier until EOF). */
    private static final class StreamText {
        private final Thread thread;
        private volatile String text = "";

        private StreamText(InputStream in) {
            this.thread = Thread.ofPlatform().daemon().name("osiris-lab-process-output").start(() -> {
                try (in) {
                    text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                } catch (IOException ignored) {
                    // process gone
                }
            });
        }

        static StreamText start(InputStream in) {
            return new StreamText(in);
        }

        String text() throws InterruptedException {
            thread.join(5000);
            return text;
        }
    }
}
