package dev.osiris.agent.remote;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * Turns a PowerShell script into the cmd.exe command lines that run it over WinRM. cmd.exe accepts at most
 * 8191 characters, and {@code -EncodedCommand} (base64 of UTF-16LE) makes a script 2.7 times longer, so scripts
 * above about 3 000 characters are uploaded first: base64 of their UTF-8 bytes is appended to a temp file in
 * short {@code echo} commands, then a small bootstrap decodes, deletes and runs it.
 */
final class WinRmCommandLines {

    /** cmd.exe's command line limit (characters). */
    static final int MAX_COMMAND_LINE = 8191;
    static final int UPLOAD_CHUNK = 7000;
    private static final String POWERSHELL = "powershell -NoProfile -NonInteractive -EncodedCommand ";
    // UTF-8 on the wire whatever the host's OEM code page; no progress records on stderr
    private static final String PRELUDE =
            "$ProgressPreference='SilentlyContinue'\r\n[Console]::OutputEncoding=[System.Text.Encoding]::UTF8\r\n";

    private WinRmCommandLines() {
    }

    /** The command lines to run in order; all but the last are upload steps whose exit code must be 0. */
    static List<String> forScript(String script) {
        String inline = encoded(PRELUDE + script);
        if (inline.length() <= MAX_COMMAND_LINE) {
            return List.of(inline);
        }
        String file = "osiris-" + UUID.randomUUID() + ".b64";
        String payload = Base64.getEncoder().encodeToString(script.getBytes(StandardCharsets.UTF_8));
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < payload.length(); i += UPLOAD_CHUNK) {
            // redirection first: "echo ...2>>f" would read a trailing digit as a stream number
            lines.add(">>\"%TEMP%\\" + file + "\" echo " + payload.substring(i, Math.min(payload.length(), i + UPLOAD_CHUNK)));
        }
        lines.add(encoded(PRELUDE + bootstrap(file)));
        return List.copyOf(lines);
    }

    static String encoded(String powershell) {
        return POWERSHELL + Base64.getEncoder().encodeToString(powershell.getBytes(StandardCharsets.UTF_16LE));
    }

    private static String bootstrap(String file) {
        return "$p = Join-Path $env:TEMP '" + file + "'\r\n"
                + "try { $s = [Text.Encoding]::UTF8.GetString([Convert]::FromBase64String(((Get-Content -Raw $p) -replace '\\s',''))) }\r\n"
                + "finally { Remove-Item -Force -ErrorAction SilentlyContinue $p }\r\n"
                + "& ([ScriptBlock]::Create($s))\r\n"
                + "if ($LASTEXITCODE) { exit $LASTEXITCODE }\r\n";
    }
}
