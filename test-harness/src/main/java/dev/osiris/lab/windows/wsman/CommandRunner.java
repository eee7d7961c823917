package dev.osiris.lab.windows.wsman;

import dev.osiris.lab.windows.model.WindowsHost;
import dev.osiris.lab.windows.shell.ShellContext;
import dev.osiris.lab.windows.shell.ShellOutput;
import dev.osiris.lab.windows.shell.Sleeper;
import dev.osiris.lab.windows.shell.WindowsShell;
import dev.osiris.lab.windows.shell.ps.PsInterpreter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Runs commands off the event loop, one virtual thread each; owns that executor. */
final class CommandRunner {

    private static final Logger LOG = Logger.getLogger(CommandRunner.class.getName());
    /** Exit code of a command ended by Signal terminate (0xFFFFFFFF). */
    static final int TERMINATED = -1;

    private final WindowsHost host;
    private final WindowsShell shell;
    private final Sleeper sleeper;
    private final Function<String, Duration> simulatedDuration;
    private final ExecutorService executor = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("winrm-emulator-command-", 0).factory());

    CommandRunner(WindowsHost host, Sleeper sleeper, Function<String, Duration> simulatedDuration, boolean clixmlErrors) {
        this.host = host;
        this.shell = new WindowsShell(clixmlErrors);
        this.sleeper = sleeper;
        this.simulatedDuration = simulatedDuration;
    }

    void start(RemoteCommand cmd, Principal principal, java.util.Map<String, String> environment) {
        executor.execute(() -> run(cmd, principal, environment));
    }

    private void run(RemoteCommand cmd, Principal principal, java.util.Map<String, String> environment) {
        if (!cmd.attach(Thread.currentThread())) {
            cmd.finish(TERMINATED);
            return;
        }
        ShellOutput output = new ShellOutput() {
            @Override
            public void stdout(String text) {
                cmd.appendStdout(text.getBytes(StandardCharsets.UTF_8));
            }

            @Override
            public void stderr(String text) {
                cmd.appendStderr(text.getBytes(StandardCharsets.UTF_8));
            }
        };
        ShellContext ctx = new ShellContext(host, principal.domain(), principal.user(), output, sleeper, environment);
        int code;
        try {
            sleeper.sleep(simulatedDuration.apply(cmd.commandLine()));
            code = shell.run(cmd.commandLine(), ctx);
        } catch (InterruptedException | PsInterpreter.Cancelled e) {
            code = TERMINATED;
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "emulated command failed: " + cmd.commandLine(), e);
            output.stderr("The Windows host emulator failed on this command: " + e + "\r\n");
            code = 1;
        }
        cmd.finish(Thread.interrupted() ? TERMINATED : code);
    }

    void close() {
        executor.shutdownNow();
    }
}
