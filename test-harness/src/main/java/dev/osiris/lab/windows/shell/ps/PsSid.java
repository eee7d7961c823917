package dev.osiris.lab.windows.shell.ps;

/**
 * A {@code System.Security.Principal.SecurityIdentifier} (the SID of a local user, group or member): prints and
 * compares as its string form, with the members PowerShell scripts use ({@code Value}, {@code AccountDomainSid},
 * {@code BinaryLength}).
 */
public record PsSid(String value) {

    public PsSid {
        if (value == null || !value.matches("S-1-\\d+(-\\d+)*")) {
            throw new IllegalArgumentException("not a SID: " + value);
        }
    }

    /** The machine or domain part (S-1-5-21-a-b-c) of an account SID, else null. */
    public String accountDomainSid() {
        String[] parts = value.split("-");
        return parts.length == 8 && parts[2].equals("5") && parts[3].equals("21")
                ? String.join("-", java.util.Arrays.copyOf(parts, 7)) : null;
    }

    public int binaryLength() {
        return 8 + 4 * (value.split("-").length - 3);
    }

    Object member(String lowerName) {
        return switch (lowerName) {
            case "value" -> value;
            case "accountdomainsid" -> accountDomainSid() == null ? null : new PsSid(accountDomainSid());
            case "binarylength" -> binaryLength();
            default -> null;
        };
    }

    @Override
    public String toString() {
        return value;
    }
}
