package dev.osiris.agent.app;

import dev.osiris.agent.config.DriftConfig;
import dev.osiris.agent.drift.ScanBudget;
import dev.osiris.agent.remote.RemoteConfig;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code edge-agent/jvm.options}, read by {@code ./osiris} and the agent's service definition: every memory area the
 * JVM would otherwise size from the machine's RAM has an explicit limit, and the shipped heap still scans several
 * hosts at once.
 */
class JvmOptionsTest {

    static final Path FILE = Path.of("jvm.options");

    static List<String> options() throws Exception {
        return Files.readAllLines(FILE).stream().map(l -> l.replaceAll("#.*", "").strip()).filter(l -> !l.isEmpty()).toList();
    }

    static Optional<String> value(String prefix) throws Exception {
        return options().stream().filter(o -> o.startsWith(prefix)).map(o -> o.substring(prefix.length())).findFirst();
    }

    static long bytes(String size) {
        long n = Long.parseLong(size.substring(0, size.length() - 1));
        return switch (Character.toLowerCase(size.charAt(size.length() - 1))) {
            case 'k' -> n << 10;
            case 'm' -> n << 20;
            case 'g' -> n << 30;
            default -> throw new IllegalArgumentException(size);
        };
    }

    @Test
    void heapMetaspaceCodeCacheAndDirectMemoryAreLimited() throws Exception {
        assertThat(value("-Xmx")).isPresent();
        assertThat(value("-XX:MaxMetaspaceSize=")).isPresent();
        assertThat(value("-XX:ReservedCodeCacheSize=")).isPresent();
        assertThat(value("-XX:MaxDirectMemorySize=")).isPresent();
    }

    @Test
    void theHeapFitsTheThinClientsAimWithRoomForTheRest() throws Exception {
        // RSS aim 160 MiB; metaspace, code, class data, libjvm and malloc take about 100 MiB beside the heap
        assertThat(bytes(value("-Xmx").orElseThrow())).isLessThanOrEqualTo(64L << 20);
    }

    @Test
    void theShippedHeapStillScansSeveralHostsAtOnce() throws Exception {
        // Runtime.maxMemory() is -Xmx less one survivor space (SerialGC: 46 of 48 MiB); bench healing scanned 200
        // hosts as fast with 4 in flight as with 7
        long heap = bytes(value("-Xmx").orElseThrow()) * 95 / 100;
        assertThat(ScanBudget.MEASURED.inFlight(DriftConfig.DEFAULTS.scanConcurrency(), heap,
                RemoteConfig.DEFAULTS.maxOutputBytes())).isGreaterThanOrEqualTo(4);
    }
}
