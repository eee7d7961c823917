package dev.osiris.lab.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A process's CPU time and resident memory from /proc, for the figures beside each load step. */
final class ProcessStats {

    private static final double TICKS_PER_SECOND = 100.0; // USER_HZ on Linux

    private final long pid;
    private long ticks;
    private long at;

    ProcessStats(long pid) {
        this.pid = pid;
        mark();
    }

    /** Starts a new measurement interval. */
    void mark() {
        ticks = cpuTicks();
        at = System.nanoTime();
    }

    /** CPU used since {@link #mark}, in cores (1.0 = one core busy all the time). */
    double cores() {
        double seconds = (System.nanoTime() - at) / 1e9;
        return seconds <= 0 ? 0 : (cpuTicks() - ticks) / TICKS_PER_SECOND / seconds;
    }

    /** Resident set size now, MiB. */
    double rssMiB() {
        return statusKb("VmRSS:") / 1024.0;
    }

    /** Peak resident set size, MiB. */
    double peakMiB() {
        return statusKb("VmHWM:") / 1024.0;
    }

    private long cpuTicks() {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            // fields after the command name (which may hold spaces) in parentheses: utime is the 14th, stime 15th
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private long statusKb(String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith(key)) {
                    return Long.parseLong(line.substring(key.length()).replace("kB", "").trim());
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
