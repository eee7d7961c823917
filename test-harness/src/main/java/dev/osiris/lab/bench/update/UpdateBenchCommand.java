package dev.osiris.lab.bench.update;

import dev.osiris.lab.WorkDirs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/** {@code osiris bench update}: see {@link UpdateBench}. */
@Command(name = "update", description = "Self-update of a file-backed standby slot over loopback: download, verify,"
        + " slot write beside dd oflag=direct, and the health gate's time to a decision with the relay unreachable.")
public final class UpdateBenchCommand implements Callable<Integer> {

    @Option(names = "--size", defaultValue = "512m",
            description = "image size, bytes or with k/m/g (default ${DEFAULT-VALUE}); small for a quick run")
    String size;

    @Override
    public Integer call() throws Exception {
        new UpdateBench(WorkDirs.of("bench").resolve("update"), System.out, parseSize(size)).run();
        return 0;
    }

    static long parseSize(String text) {
        String t = text.strip().toLowerCase();
        long unit = switch (t.isEmpty() ? ' ' : t.charAt(t.length() - 1)) {
            case 'k' -> 1L << 10;
            case 'm' -> 1L << 20;
            case 'g' -> 1L << 30;
            default -> 1;
        };
        String digits = unit == 1 ? t : t.substring(0, t.length() - 1);
        // dd oflag=direct, the comparison, writes whole 4 KiB blocks only
        if (!digits.matches("[0-9]{1,12}") || Long.parseLong(digits) * unit < 4096
                || Long.parseLong(digits) * unit % 4096 != 0) {
            throw new IllegalArgumentException("--size: expected a positive multiple of 4 KiB such as 512m or 4096k,"
                    + " got '" + text + "'");
        }
        return Long.parseLong(digits) * unit;
    }
}
