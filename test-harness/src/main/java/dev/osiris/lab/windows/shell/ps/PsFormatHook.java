package dev.osiris.lab.windows.shell.ps;

import java.time.LocalDateTime;

/** Public access to the engine's date formatting for cmdlets. */
public final class PsFormatHook {
    private PsFormatHook() {
    }

    public static String formatDate(LocalDateTime d, String format) {
        return PsFormat.formatDate(d, format);
    }
}
