package dev.osiris.agent.drift;

/**
 * How many host scans may be in flight at once, bounded by the heap as well as by the configured count: each scan
 * holds one remote shell (its own winrm4j/CXF context, the SOAP documents of its requests) and the output it reads,
 * up to {@code maxOutputBytes} per stream, so the heap left beside the agent's resident set pays for a fixed budget
 * per scan. Plain Java, no Vert.x.
 *
 * <p>Figures behind the constants (issue 9, {@code bench healing} with 200 emulated Windows hosts, 16 in flight):
 * the live heap after a full GC was 27 MiB between scans and 40 MiB during one, so under 1 MiB per scan beside
 * the resident set; the budget adds both output streams at their cap for a scan whose host answers the most.
 * {@code Runtime.maxMemory()} is the heap less one survivor space (46 MiB for {@code -Xmx48m} with SerialGC).
 *
 * @param resident    heap the agent needs whatever it scans (classes' statics, catalog, caches, the evidence chain)
 * @param perScanBase heap one in-flight scan takes beside its output
 */
public record ScanBudget(long resident, long perScanBase) {

    public static final ScanBudget MEASURED = new ScanBudget(28L << 20, 1L << 20);

    /**
     * The in-flight bound: {@code configured}, or fewer when the heap left after {@link #resident} does not hold that
     * many scans at {@link #perScan} each; never less than one (a tiny heap scans one host at a time).
     *
     * @param maxHeapBytes   the JVM's maximum heap ({@code Runtime.maxMemory()})
     * @param maxOutputBytes the per-stream output cap of the remote shells
     */
    public int inFlight(int configured, long maxHeapBytes, long maxOutputBytes) {
        long fits = (maxHeapBytes - resident) / perScan(maxOutputBytes);
        return (int) Math.max(1, Math.min(configured, fits));
    }

    /** The heap one in-flight scan is given: its base plus stdout and stderr at their cap. */
    public long perScan(long maxOutputBytes) {
        return perScanBase + 2 * maxOutputBytes;
    }
}
