package dev.osiris.lab.windows.wsman.ntlm;

/** A malformed NTLM message or a failed integrity check. */
public final class NtlmException extends RuntimeException {
    public NtlmException(String message) {
        super(message);
    }
}
