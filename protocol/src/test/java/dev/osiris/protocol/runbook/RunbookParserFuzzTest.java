package dev.osiris.protocol.runbook;

import com.code_intelligence.jazzer.junit.FuzzTest;

import static dev.osiris.testing.fuzz.FuzzContract.parsesOrRefuses;

/** A runbook file (built in or a partner's): any bytes are a runbook or an {@link InvalidRunbookException}. */
class RunbookParserFuzzTest {

    @FuzzTest
    void anyFileIsARunbookOrARefusal(byte[] file) {
        parsesOrRefuses(InvalidRunbookException.class, () -> RunbookParser.parse("fuzz.yaml", file));
    }
}
