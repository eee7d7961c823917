package dev.osiris.agent.heal;

import java.util.Arrays;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Finds an enum constant by its wire name, refusing an unknown name with the name and the ones it could have been. */
final class WireNames {

    private WireNames() {
    }

    /**
     * @param what names the value in the error, e.g. {@code "incident severity"}
     * @throws IllegalArgumentException naming {@code value} and every known wire name
     */
    static <E extends Enum<E>> E parse(E[] values, Function<E, String> wire, String what, String value) {
        for (E e : values) {
            if (wire.apply(e).equals(value)) {
                return e;
            }
        }
        throw new IllegalArgumentException(what + " \"" + value + "\" is not one of "
                + Arrays.stream(values).map(wire).collect(Collectors.joining(", ")));
    }
}
