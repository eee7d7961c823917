package dev.osiris.agent.remote;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Splits the first line off a byte stream (a marker the adapter itself printed) and passes the rest on.
 * The first line is capped at 64 bytes; anything longer is not a marker and is passed on whole.
 */
final class LeadingLine extends OutputStream {

    private final OutputStream rest;
    private final byte[] line = new byte[64];
    private int length;
    private boolean done;
    private volatile String value;

    LeadingLine(OutputStream rest) {
        this.rest = rest;
    }

    @Override
    public synchronized void write(int b) throws java.io.IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] bytes, int off, int len) throws java.io.IOException {
        int i = off;
        int end = off + len;
        while (!done && i < end) {
            byte b = bytes[i++];
            if (b == '\n') {
                done = true;
                value = new String(line, 0, length, StandardCharsets.UTF_8);
            } else if (length == line.length) {
                done = true;
                rest.write(line, 0, length);
                rest.write(b);
            } else {
                line[length++] = b;
            }
        }
        if (i < end) {
            rest.write(bytes, i, end - i);
        }
    }

    /** The first line without its newline, once it is complete; else null. */
    String value() {
        return value;
    }
}
