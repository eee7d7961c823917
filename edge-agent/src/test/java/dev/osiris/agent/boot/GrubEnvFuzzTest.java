package dev.osiris.agent.boot;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.util.Arrays;
import java.util.Optional;

import static dev.osiris.testing.fuzz.FuzzContract.parsesOrRefuses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The GRUB environment block, which sits on a FAT partition any tool may have written: any bytes are a block or a
 * {@link GrubEnvException}, and a block that parses encodes to one that parses to the same lines. An input of any
 * other size than 1024 bytes is put after the header and padded, so the fuzzer explores the lines, not the size check.
 */
class GrubEnvFuzzTest {

    @FuzzTest
    void anyBlockParsesOrIsRefusedAndRoundTrips(byte[] input) {
        byte[] block = input.length == GrubEnv.SIZE ? input : framed(input);
        Optional<GrubEnv> parsed = parsesOrRefuses(Refused.class, () -> parse(block));
        if (parsed.isPresent()) {
            byte[] encoded = parsesOrRefuses(Refused.class, () -> encode(parsed.get()))
                    .orElseThrow(() -> new AssertionError("a parsed block must fit when encoded again"));
            assertThat(parse(encoded)).isEqualTo(parsed.get());
        }
    }

    private static byte[] framed(byte[] input) {
        byte[] block = new byte[GrubEnv.SIZE];
        Arrays.fill(block, (byte) '#');
        System.arraycopy(GrubEnv.HEADER, 0, block, 0, GrubEnv.HEADER.length);
        System.arraycopy(input, 0, block, GrubEnv.HEADER.length, Math.min(input.length, GrubEnv.SIZE - GrubEnv.HEADER.length));
        return block;
    }

    private static GrubEnv parse(byte[] block) {
        try {
            return GrubEnv.parse(block);
        } catch (GrubEnvException e) {
            throw new Refused(e);
        }
    }

    private static byte[] encode(GrubEnv env) {
        try {
            return env.encode();
        } catch (GrubEnvException e) {
            throw new Refused(e);
        }
    }

    /** The documented refusal, unchecked for the contract. */
    static final class Refused extends RuntimeException {
        Refused(GrubEnvException cause) {
            super(cause.getMessage(), cause);
        }
    }
}
