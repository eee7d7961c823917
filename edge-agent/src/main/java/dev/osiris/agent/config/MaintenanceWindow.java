package dev.osiris.agent.config;

import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;

/** A daily window ({@code 02:00-04:00}, in the site's zone; it may span midnight) in which the appliance may reboot. */
public record MaintenanceWindow(LocalTime start, LocalTime end, ZoneId zone) {

    public static MaintenanceWindow parse(String text, ZoneId zone) {
        String[] parts = text == null ? new String[0] : text.trim().split("-");
        try {
            if (parts.length == 2) {
                return new MaintenanceWindow(LocalTime.parse(parts[0].trim()), LocalTime.parse(parts[1].trim()), zone);
            }
        } catch (DateTimeParseException e) {
            // falls through to the one message
        }
        throw new IllegalArgumentException("maintenance window must read HH:MM-HH:MM, got \"" + text + "\"");
    }

    /** How long from {@code now} until the window is open: zero inside it. */
    public Duration untilOpen(java.time.Instant now) {
        LocalTime t = ZonedDateTime.ofInstant(now, zone).toLocalTime();
        boolean inside = start.isBefore(end) ? !t.isBefore(start) && t.isBefore(end) : !t.isBefore(start) || t.isBefore(end);
        if (inside) {
            return Duration.ZERO;
        }
        Duration d = Duration.between(t, start);
        return d.isNegative() ? d.plusDays(1) : d;
    }
}
