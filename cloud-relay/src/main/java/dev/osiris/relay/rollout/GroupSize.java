package dev.osiris.relay.rollout;

/**
 * How many of a rollout's targets a group takes: a count ({@code 1}), a percentage of all targets ({@code 5%},
 * rounded up), or the rest ({@code rest}, only last).
 */
public record GroupSize(Kind kind, int value) {

    public enum Kind { COUNT, PERCENT, REST }

    public static final GroupSize REST = new GroupSize(Kind.REST, 0);

    public GroupSize {
        if (kind == Kind.COUNT && value < 0) {
            throw new IllegalArgumentException("a group's count must not be negative, got " + value);
        }
        if (kind == Kind.PERCENT && (value < 1 || value > 100)) {
            throw new IllegalArgumentException("a group's percentage must be between 1 and 100, got " + value);
        }
    }

    /** Reads {@code 3}, {@code 25%} or {@code rest}. */
    public static GroupSize parse(String text) {
        String t = text == null ? "" : text.strip();
        try {
            if (t.equals("rest")) {
                return REST;
            }
            if (t.endsWith("%")) {
                return new GroupSize(Kind.PERCENT, Integer.parseInt(t.substring(0, t.length() - 1)));
            }
            return new GroupSize(Kind.COUNT, Integer.parseInt(t));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a group size is a count, a percentage (5%) or rest, got \"" + text
                    + "\"");
        }
    }

    @Override
    public String toString() {
        return switch (kind) {
            case COUNT -> Integer.toString(value);
            case PERCENT -> value + "%";
            case REST -> "rest";
        };
    }
}
