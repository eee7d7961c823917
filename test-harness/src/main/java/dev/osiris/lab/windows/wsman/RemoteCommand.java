package dev.osiris.lab.windows.wsman;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One command of a shell: its output buffers (filled by the worker running it, drained by Receive),
 * completion and exit code. Thread-safe; listeners run on the thread that changed the state.
 */
final class RemoteCommand {

    /** What one Receive takes: stream bytes and, once everything is delivered, Done + ExitCode. */
    record Chunk(byte[] stdout, byte[] stderr, boolean done, long exitCode) {
    }

    private final String id;
    private final String commandLine;
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private final List<Runnable> listeners = new ArrayList<>();
    private int stdoutRead;
    private int stderrRead;
    private boolean done;
    private long exitCode;
    private Thread thread;
    private boolean terminated;

    RemoteCommand(String id, String commandLine) {
        this.id = id;
        this.commandLine = commandLine;
    }

    String id() {
        return id;
    }

    String commandLine() {
        return commandLine;
    }

    void appendStdout(byte[] bytes) {
        synchronized (this) {
            stdout.writeBytes(bytes);
        }
        fire();
    }

    void appendStderr(byte[] bytes) {
        synchronized (this) {
            stderr.writeBytes(bytes);
        }
        fire();
    }

    /** Marks the command finished; exit codes are reported as unsigned 32-bit values, like Windows. */
    void finish(int code) {
        synchronized (this) {
            if (done) {
                return;
            }
            done = true;
            exitCode = Integer.toUnsignedLong(code);
            thread = null;
        }
        fire();
    }

    synchronized boolean isDone() {
        return done;
    }

    /** Whether a Receive would get something now (output, or the final Done). */
    synchronized boolean hasNews() {
        return stdout.size() > stdoutRead || stderr.size() > stderrRead || done;
    }

    /** Takes at most {@code max} bytes of each stream. */
    synchronized Chunk take(int max) {
        byte[] all = stdout.toByteArray();
        byte[] out = Arrays.copyOfRange(all, stdoutRead, Math.min(all.length, stdoutRead + max));
        stdoutRead += out.length;
        byte[] allErr = stderr.toByteArray();
        byte[] err = Arrays.copyOfRange(allErr, stderrRead, Math.min(allErr.length, stderrRead + max));
        stderrRead += err.length;
        boolean finished = done && stdoutRead == stdout.size() && stderrRead == stderr.size();
        if (stdoutRead == stdout.size()) {
            stdout.reset();
            stdoutRead = 0;
        }
        if (stderrRead == stderr.size()) {
            stderr.reset();
            stderrRead = 0;
        }
        return new Chunk(out, err, finished, exitCode);
    }

    /** Records the worker thread so a terminate signal can interrupt it; false if already terminated. */
    synchronized boolean attach(Thread t) {
        if (terminated) {
            return false;
        }
        thread = t;
        return true;
    }

    /** Signal terminate / ctrl_c: interrupts a running command. */
    void terminate() {
        Thread t;
        synchronized (this) {
            terminated = true;
            t = thread;
        }
        if (t != null) {
            t.interrupt();
        }
    }

    synchronized void addListener(Runnable r) {
        listeners.add(r);
    }

    synchronized void removeListener(Runnable r) {
        listeners.remove(r);
    }

    private void fire() {
        List<Runnable> copy;
        synchronized (this) {
            copy = new ArrayList<>(listeners);
        }
        copy.forEach(Runnable::run);
    }
}
