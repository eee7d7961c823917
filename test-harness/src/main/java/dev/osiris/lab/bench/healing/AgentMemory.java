package dev.osiris.lab.bench.healing;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.ObjectName;

/**
 * The agent JVM's memory as the bench reports it: RSS (sampled every {@link #PERIOD} to catch the peak during a scan,
 * and read at the end), heap used/committed/max, and, when the JVM runs with {@code -XX:NativeMemoryTracking=summary},
 * native memory tracking's committed figures per category. RSS, not heap, is what a thin client pays.
 */
final class AgentMemory implements AutoCloseable {

    /** The aim for the agent's resident set, during and after a full scan. */
    static final long AIM_RSS_BYTES = 160L << 20;
    static final Duration PERIOD = Duration.ofMillis(100);

    private static final Path STATUS = Path.of("/proc/self/status");
    private static final Pattern NMT_CATEGORY = Pattern.compile("-\\s+([A-Za-z ]+?) \\(reserved=\\d+KB, committed=(\\d+)KB\\)");
    private static final Pattern NMT_TOTAL = Pattern.compile("Total: reserved=\\d+KB, committed=(\\d+)KB");

    private final AtomicLong peak = new AtomicLong(-1);
    private final Thread sampler;

    private AgentMemory() {
        sampler = Thread.ofPlatform().daemon().name("bench-rss-sampler").start(() -> {
            try {
                while (true) {
                    peak.accumulateAndGet(FleetJvm.Rss.of(STATUS), Math::max);
                    Thread.sleep(PERIOD);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /** Starts sampling the peak RSS from now on. */
    static AgentMemory watch() {
        return new AgentMemory();
    }

    /** The highest RSS seen so far, in bytes (-1 where /proc does not say). */
    long peakRss() {
        return Math.max(peak.get(), FleetJvm.Rss.of(STATUS));
    }

    /** One line: RSS now and at its peak, beside the aim, and the heap. */
    String line(String when) {
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        long rss = FleetJvm.Rss.of(STATUS);
        long peakRss = peakRss();
        boolean met = rss >= 0 && peakRss <= AIM_RSS_BYTES;
        return String.format("agent JVM %s: RSS %d MiB (peak during the scan %d MiB; aim <= %d MiB: %s), heap used %d MiB"
                        + " (committed %d MiB, max %d MiB)", when, rss >> 20, peakRss >> 20, AIM_RSS_BYTES >> 20,
                met ? "met" : "not met", heap.getUsed() >> 20, heap.getCommitted() >> 20, heap.getMax() >> 20);
    }

    /** The flags the agent JVM runs with, as given on its command line. */
    static String flags() {
        return String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments());
    }

    /**
     * Native memory tracking's committed MiB per category (largest first, those under 1 MiB left out), or an empty
     * map when the JVM runs without {@code -XX:NativeMemoryTracking}.
     */
    static Map<String, Long> nativeMemory() {
        String summary = nmtSummary();
        Map<String, Long> committed = new LinkedHashMap<>();
        Matcher total = NMT_TOTAL.matcher(summary);
        if (!total.find()) {
            return committed;
        }
        committed.put("Total", Long.parseLong(total.group(1)) >> 10);
        Matcher m = NMT_CATEGORY.matcher(summary);
        Map<String, Long> categories = new LinkedHashMap<>();
        while (m.find()) {
            long mib = Long.parseLong(m.group(2)) >> 10;
            if (mib > 0) {
                categories.put(m.group(1).trim(), mib);
            }
        }
        categories.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> committed.put(e.getKey(), e.getValue()));
        return committed;
    }

    private static String nmtSummary() {
        try {
            Object out = ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "vmNativeMemory",
                    new Object[] {new String[] {"summary"}}, new String[] {String[].class.getName()});
            return String.valueOf(out);
        } catch (Exception e) {
            return "";
        }
    }

    @Override
    public void close() {
        sampler.interrupt();
    }
}
