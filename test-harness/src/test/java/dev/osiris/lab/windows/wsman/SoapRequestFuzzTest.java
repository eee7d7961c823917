package dev.osiris.lab.windows.wsman;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.time.Duration;

import static dev.osiris.testing.fuzz.FuzzContract.parsesOrRefuses;

/** A WS-Management request body: any bytes are a request the emulator reads or a {@link WsmanFault}. */
class SoapRequestFuzzTest {

    @FuzzTest
    void anyEnvelopeIsARequestOrAFault(byte[] xml) {
        parsesOrRefuses(WsmanFault.class, () -> SoapRequest.parse(xml, Duration.ofSeconds(60)));
    }
}
