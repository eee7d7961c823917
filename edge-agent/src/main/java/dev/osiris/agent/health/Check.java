package dev.osiris.agent.health;

/** One health check's verdict, with what it found in words. */
public record Check(String name, boolean passed, String detail) {

    public static Check pass(String name, String detail) {
        return new Check(name, true, detail);
    }

    public static Check fail(String name, String detail) {
        return new Check(name, false, detail);
    }

    @Override
    public String toString() {
        return (passed ? "ok   " : "FAIL ") + name + ": " + detail;
    }
}
