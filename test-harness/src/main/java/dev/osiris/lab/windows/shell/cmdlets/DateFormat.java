package dev.osiris.lab.windows.shell.cmdlets;

import dev.osiris.lab.windows.shell.ps.PsConvert;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/** Get-Date -Format / -UFormat. */
final class DateFormat {

    private DateFormat() {
    }

    static String format(LocalDateTime d, String format) {
        return PsConvert.toStr(dev.osiris.lab.windows.shell.ps.PsFormatHook.formatDate(d, format));
    }

    static String uformat(LocalDateTime d, String format) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < format.length(); i++) {
            char ch = format.charAt(i);
            if (ch != '%' || i + 1 >= format.length()) {
                sb.append(ch);
                continue;
            }
            char f = format.charAt(++i);
            sb.append(switch (f) {
                case 'Y' -> String.valueOf(d.getYear());
                case 'm' -> String.format("%02d", d.getMonthValue());
                case 'd' -> String.format("%02d", d.getDayOfMonth());
                case 'H' -> String.format("%02d", d.getHour());
                case 'M' -> String.format("%02d", d.getMinute());
                case 'S' -> String.format("%02d", d.getSecond());
                case 's' -> String.valueOf(d.toEpochSecond(ZoneOffset.UTC));
                case 'Z' -> "+00";
                default -> d.format(DateTimeFormatter.ofPattern(List.of('A').contains(f) ? "EEEE" : "'%" + f + "'", Locale.US));
            });
        }
        return sb.toString();
    }
}
