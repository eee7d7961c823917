package dev.osiris.protocol;

import dev.osiris.testing.fuzz.FuzzPhase;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.stream.Stream;

/** A few seconds of real fuzzing per target of this module (see {@link FuzzPhase}). */
class FuzzPhaseTest {

    @TestFactory
    Stream<DynamicTest> everyParserSurvivesBriefFuzzing() {
        return FuzzPhase.ofThisModule();
    }
}
