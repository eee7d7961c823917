package dev.osiris.agent.privacy;

import java.util.Locale;

/** A kind of protected health information the scrubber recognises, and the token that replaces it. */
public enum PhiCategory {
    SSN, MRN, DOB, PHONE, EMAIL, NAME;

    /** The replacement text, e.g. {@code [SSN]}. */
    public String token() {
        return "[" + name() + "]";
    }

    /** The key in an evidence field such as {@code {"redacted":{"ssn":1}}}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether the text is exactly one of the tokens (already scrubbed). */
    static boolean isToken(String text) {
        if (text.length() < 5 || text.charAt(0) != '[' || text.charAt(text.length() - 1) != ']') {
            return false;
        }
        for (PhiCategory c : values()) {
            if (c.token().equals(text)) {
                return true;
            }
        }
        return false;
    }
}
