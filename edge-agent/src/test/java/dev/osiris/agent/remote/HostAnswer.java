package dev.osiris.agent.remote;

import java.nio.charset.StandardCharsets;

/**
 * A fuzz input read as what a host sent back for one script: {@code <exit code>\n<stdout>} and, after the first
 * NUL byte, stderr. The seeds are readable text in this form; any bytes are some answer.
 */
record HostAnswer(int exitCode, byte[] stdout, byte[] stderr) {

    static HostAnswer of(byte[] input) {
        int newline = indexOf(input, (byte) '\n', 0);
        int exit = 0;
        int from = 0;
        if (newline >= 0 && newline <= 11) {
            try {
                exit = Integer.parseInt(new String(input, 0, newline, StandardCharsets.US_ASCII).strip());
                from = newline + 1;
            } catch (NumberFormatException e) {
                from = 0;
            }
        }
        int nul = indexOf(input, (byte) 0, from);
        int end = nul < 0 ? input.length : nul;
        byte[] out = java.util.Arrays.copyOfRange(input, from, end);
        byte[] err = nul < 0 ? new byte[0] : java.util.Arrays.copyOfRange(input, nul + 1, input.length);
        return new HostAnswer(exit, out, err);
    }

    private static int indexOf(byte[] bytes, byte b, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
