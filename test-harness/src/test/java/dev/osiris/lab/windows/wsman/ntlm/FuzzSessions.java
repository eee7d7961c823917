package dev.osiris.lab.windows.wsman.ntlm;

import dev.osiris.lab.windows.model.WindowsHost;

/** An established NTLM session with a fixed key, for fuzzing what is read after the handshake. */
public final class FuzzSessions {

    private static final int SEAL_128_KEY_EXCH = 0x20000000 | 0x40000000 | 0x20 | 0x10;

    private FuzzSessions() {
    }

    public static NtlmSession session() {
        return new NtlmSession(WindowsHost.LOCAL_ACCOUNT, "", WindowsHost.LOCAL_ACCOUNT.user(), new byte[16],
                SEAL_128_KEY_EXCH);
    }
}
