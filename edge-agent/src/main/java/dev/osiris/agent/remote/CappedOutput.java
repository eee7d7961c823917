package dev.osiris.agent.remote;

import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/**
 * Collects one output stream up to a byte cap and remembers whether anything was dropped. Usable as an
 * {@link OutputStream} (SSH bytes) or a {@link Writer} (winrm4j hands over already-decoded text). Writing after
 * {@code close()} is allowed, because winrm4j closes its writers after every Receive.
 */
final class CappedOutput extends OutputStream {

    private final byte[] buffer;
    private int size;
    private boolean truncated;

    CappedOutput(int capBytes) {
        this.buffer = new byte[capBytes];
    }

    @Override
    public synchronized void write(int b) {
        if (size < buffer.length) {
            buffer[size++] = (byte) b;
        } else {
            truncated = true;
        }
    }

    @Override
    public synchronized void write(byte[] bytes, int off, int len) {
        int room = buffer.length - size;
        int taken = Math.min(room, len);
        System.arraycopy(bytes, off, buffer, size, taken);
        size += taken;
        if (taken < len) {
            truncated = true;
        }
    }

    synchronized boolean truncated() {
        return truncated;
    }

    /** UTF-8 text of what was kept (a character cut by the cap decodes as U+FFFD). */
    synchronized String text() {
        return new String(buffer, 0, size, StandardCharsets.UTF_8);
    }

    /** A writer view that encodes text as UTF-8 into this collector. */
    Writer asWriter() {
        return new Writer() {
            @Override
            public void write(char[] chars, int off, int len) {
                byte[] bytes = new String(chars, off, len).getBytes(StandardCharsets.UTF_8);
                CappedOutput.this.write(bytes, 0, bytes.length);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
    }
}
