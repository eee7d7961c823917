package dev.osiris.agent.boot;

import java.io.IOException;

/**
 * A GRUB environment block that is not one (wrong size, no header, a variable without '=' or newline, bytes other
 * than '#' in the padding, a duplicate), or variables that do not fit in one. The message says where and why; the
 * file on disk is left as it was.
 */
public final class GrubEnvException extends IOException {
    public GrubEnvException(String message) {
        super(message);
    }
}
