package dev.osiris.lab.windows.shell.natives;

import dev.osiris.lab.windows.model.TimeService;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * What w32tm prints on a de-DE host, line for line as German Windows prints it (the labels of /query /status and
 * /verbose as captured from German hosts, e.g. "Letzte erfolgr. Synchronisierungszeit", "Phasendifferenz", "Zeit seit
 * der letzten erfolgr. Synchronisierungszeit"). Text no source was found for (a host on its local CMOS clock, the
 * error messages) is refused by {@link W32tm} instead.
 */
final class W32tmGerman {

    private static final DateTimeFormatter DE = DateTimeFormatter.ofPattern("dd.MM.yyyy HH:mm:ss", Locale.GERMANY);
    static final String OK = "Der Befehl wurde erfolgreich ausgeführt.\r\n";
    static final String RESYNC = "Befehl zum erneuten Synchronisieren wird an den lokalen Computer gesendet.\r\n";

    private W32tmGerman() {
    }

    static String status(TimeService time) {
        Instant last = time.lastSync();
        return "Sprungindikator: 0(keine Warnung)\r\n"
                + "Stratum: 3 (Sekundärreferenz - synchr. über (S)NTP)\r\n"
                + "Präzision: -23 (119.209ns pro Tick)\r\n"
                + "Stammverzögerung: 0.0312500s\r\n"
                + "Stammabweichung: " + String.format(Locale.ROOT, "%.7fs", 0.01 + Math.abs(time.offsetSeconds())) + "\r\n"
                + "Referenz-ID: 0x0A14000A (Quell-IP:  10.20.0.10)\r\n"
                + "Letzte erfolgr. Synchronisierungszeit: " + DE.format(LocalDateTime.ofInstant(last, ZoneOffset.UTC)) + "\r\n"
                + "Quelle: " + time.source() + "\r\n"
                + "Abrufintervall: 10 (1024s)\r\n"
                + "Phasendifferenz: " + String.format(Locale.ROOT, "%.7fs", time.offsetSeconds()) + "\r\n";
    }

    static String verbose(double sinceSeconds) {
        return "Letzter Synchronierungsfehler: 0 (" + OK.strip() + ")\r\n"
                + "Zeit seit der letzten erfolgr. Synchronisierungszeit: "
                + String.format(Locale.ROOT, "%.7fs", sinceSeconds) + "\r\n";
    }
}
