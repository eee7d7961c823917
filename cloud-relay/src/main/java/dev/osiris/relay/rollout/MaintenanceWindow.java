package dev.osiris.relay.rollout;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.DateTimeException;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * When a site's appliances may install an update: days of the week and a span of the day, in the site's time zone.
 * A span whose end is before its start runs past midnight into the next day. The database's
 * {@code maintenance_window_open} applies the same rule where orders are issued; this class validates and explains.
 */
public record MaintenanceWindow(ZoneId zone, Set<DayOfWeek> days, LocalTime start, LocalTime end) {

    public MaintenanceWindow {
        days = days.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(days));
        if (days.isEmpty()) {
            throw new IllegalArgumentException("a maintenance window needs at least one day");
        }
        if (start.equals(end)) {
            throw new IllegalArgumentException("a maintenance window's start and end must differ");
        }
        if (start.getSecond() != 0 || end.getSecond() != 0) {
            throw new IllegalArgumentException("a maintenance window is set in whole minutes");
        }
    }

    /** Reads {@code Europe/Berlin}, {@code mon-fri} or {@code sat,sun}, {@code 22:00-05:00}. */
    public static MaintenanceWindow parse(String zone, String days, String hours) {
        ZoneId z;
        try {
            z = ZoneId.of(zone);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("--zone: unknown time zone \"" + zone + "\"");
        }
        String[] span = hours.split("-");
        if (span.length != 2) {
            throw new IllegalArgumentException("--hours: expected HH:MM-HH:MM, got \"" + hours + "\"");
        }
        try {
            return new MaintenanceWindow(z, days(days), LocalTime.parse(span[0].strip()), LocalTime.parse(span[1].strip()));
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("--hours: expected HH:MM-HH:MM, got \"" + hours + "\"");
        }
    }

    private static Set<DayOfWeek> days(String text) {
        Set<DayOfWeek> out = EnumSet.noneOf(DayOfWeek.class);
        for (String part : text.toLowerCase(Locale.ROOT).split(",")) {
            String[] range = part.strip().split("-");
            DayOfWeek from = day(range[0]);
            DayOfWeek to = range.length > 1 ? day(range[1]) : from;
            for (DayOfWeek d = from; ; d = d.plus(1)) {
                out.add(d);
                if (d == to) {
                    break;
                }
            }
        }
        return out;
    }

    private static DayOfWeek day(String text) {
        for (DayOfWeek d : DayOfWeek.values()) {
            if (d.name().toLowerCase(Locale.ROOT).startsWith(text.strip()) && text.strip().length() >= 2) {
                return d;
            }
        }
        throw new IllegalArgumentException("--days: unknown day \"" + text + "\" (mon, tue, ..., sun)");
    }

    /** ISO days as bits, Monday = bit 0 (the database's form). */
    public int dayBits() {
        return days.stream().mapToInt(d -> 1 << (d.getValue() - 1)).reduce(0, (a, b) -> a | b);
    }

    public int startMinute() {
        return start.getHour() * 60 + start.getMinute();
    }

    public int endMinute() {
        return end.getHour() * 60 + end.getMinute();
    }

    /** Whether the window is open at {@code at}: the same rule as the database's. */
    public boolean isOpen(Instant at) {
        ZonedDateTime local = at.atZone(zone);
        LocalTime t = local.toLocalTime();
        if (start.isBefore(end)) {
            return days.contains(local.getDayOfWeek()) && !t.isBefore(start) && t.isBefore(end);
        }
        if (!t.isBefore(start)) {
            return days.contains(local.getDayOfWeek());
        }
        return t.isBefore(end) && days.contains(local.getDayOfWeek().minus(1));
    }
}
