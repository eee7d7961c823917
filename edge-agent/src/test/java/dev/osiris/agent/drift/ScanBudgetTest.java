package dev.osiris.agent.drift;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ScanBudgetTest {

    static final long MIB = 1L << 20;
    final ScanBudget budget = ScanBudget.MEASURED;

    @Test
    void theAgentsShippedHeapHoldsSixScans() {
        // edge-agent/jvm.options: -Xmx48m, which SerialGC reports as a max heap of 46 MiB; remote.maxOutputBytes
        // 1 MiB: 3 MiB a scan, 6 fit in the 18 MiB left
        assertThat(budget.inFlight(16, 46 * MIB, MIB)).isEqualTo(6);
    }

    @Test
    void aHeapThatHoldsMoreKeepsTheConfiguredBound() {
        assertThat(budget.inFlight(16, 96 * MIB, MIB)).isEqualTo(16);
    }

    @Test
    void aSmallerHeapScansFewerHostsAtOnce() {
        assertThat(budget.inFlight(16, 64 * MIB, MIB)).isEqualTo(12);
    }

    @Test
    void aLargerOutputCapCostsInFlightScans() {
        assertThat(budget.inFlight(16, 96 * MIB, 4 * MIB)).isEqualTo(7);
    }

    @Test
    void aHeapBelowTheResidentSetStillScansOneHostAtATime() {
        assertThat(budget.inFlight(16, 16 * MIB, MIB)).isEqualTo(1);
    }

    @Test
    void aLargeHeapNeverRaisesTheConfiguredBound() {
        assertThat(budget.inFlight(16, 6L << 30, MIB)).isEqualTo(16);
    }
}
