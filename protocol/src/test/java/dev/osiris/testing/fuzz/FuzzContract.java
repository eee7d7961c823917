package dev.osiris.testing.fuzz;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * The contract every fuzz target checks: a parser of outside input either returns a value or refuses with its
 * documented exception type. Any other exception escapes to Jazzer, which reports it as a finding and saves the
 * input; a hang is caught by the per-input timeout (see {@link FuzzCampaign}).
 */
public final class FuzzContract {

    private FuzzContract() {
    }

    /** The parsed value, or empty when {@code parse} refused the input with {@code refusal}. */
    public static <T> Optional<T> parsesOrRefuses(Class<? extends RuntimeException> refusal, Supplier<T> parse) {
        try {
            return Optional.ofNullable(parse.get());
        } catch (RuntimeException e) {
            if (refusal.isInstance(e)) {
                if (e.getMessage() == null || e.getMessage().isBlank()) {
                    throw new AssertionError("a refusal must say why", e);
                }
                return Optional.empty();
            }
            throw e;
        }
    }
}
