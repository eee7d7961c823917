package dev.osiris.protocol.runbook;

/** A runbook file that cannot be used; the message names the file and the field. */
public final class InvalidRunbookException extends RuntimeException {

    public InvalidRunbookException(String message) {
        super(message);
    }
}
