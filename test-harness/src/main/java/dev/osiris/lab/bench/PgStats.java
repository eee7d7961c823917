package dev.osiris.lab.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** CPU of the embedded PostgreSQL (its postmaster and every backend and worker under it), from /proc. */
final class PgStats {

    private final long postmaster;
    private long ticks;
    private long at;

    /** @param pgData the cluster directory, whose postmaster.pid names the server */
    PgStats(Path pgData) throws IOException {
        this.postmaster = Long.parseLong(Files.readAllLines(pgData.resolve("postmaster.pid")).getFirst().strip());
        mark();
    }

    void mark() {
        ticks = ticks();
        at = System.nanoTime();
    }

    /** Cores the server used since {@link #mark}. */
    double cores() {
        double seconds = (System.nanoTime() - at) / 1e9;
        return seconds <= 0 ? 0 : (ticks() - ticks) / 100.0 / seconds;
    }

    private long ticks() {
        long sum = 0;
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : (Iterable<Path>) procs::iterator) {
                String name = p.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                try {
                    String stat = Files.readString(p.resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    long pid = Long.parseLong(name);
                    if (pid == postmaster || Long.parseLong(f[1]) == postmaster) {
                        // utime, stime, and the children's that have ended (backends of closed connections)
                        sum += Long.parseLong(f[11]) + Long.parseLong(f[12]);
                        if (pid == postmaster) {
                            sum += Long.parseLong(f[13]) + Long.parseLong(f[14]);
                        }
                    }
                } catch (IOException | RuntimeException gone) {
                    // the process ended meanwhile
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return sum;
    }
}
