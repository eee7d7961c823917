package dev.osiris.lab.bench.rollout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** CPU seconds used so far by the embedded PostgreSQL: its postmaster and every process under it, from /proc. */
final class PgCpu {

    private final long postmaster;

    PgCpu(Path pgData) throws IOException {
        this.postmaster = Long.parseLong(Files.readAllLines(pgData.resolve("postmaster.pid")).getFirst().strip());
    }

    double seconds() {
        long ticks = 0;
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : (Iterable<Path>) procs::iterator) {
                String name = p.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                try {
                    String stat = Files.readString(p.resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    if (Long.parseLong(name) == postmaster || Long.parseLong(f[1]) == postmaster) {
                        ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]);
                    }
                } catch (IOException | RuntimeException gone) {
                    // the process ended meanwhile
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return ticks / 100.0; // USER_HZ on Linux
    }
}
