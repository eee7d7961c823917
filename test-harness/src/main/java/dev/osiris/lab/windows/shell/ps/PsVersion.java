package dev.osiris.lab.windows.shell.ps;

/**
 * A {@code System.Version} ({@code [version]'10.0.19045'}, {@code $PSVersionTable.PSVersion}): compared part by part,
 * not as text. Unset parts are -1 and not printed, as in .NET.
 */
public record PsVersion(int major, int minor, int build, int revision) implements Comparable<PsVersion> {

    public static PsVersion parse(String text) {
        String[] parts = text.strip().split("\\.", -1);
        if (parts.length < 2 || parts.length > 4) {
            throw invalid(text);
        }
        int[] v = {-1, -1, -1, -1};
        for (int i = 0; i < parts.length; i++) {
            try {
                v[i] = Integer.parseInt(parts[i].strip());
            } catch (NumberFormatException e) {
                throw invalid(text);
            }
            if (v[i] < 0) {
                throw invalid(text);
            }
        }
        return new PsVersion(v[0], v[1], v[2], v[3]);
    }

    private static PsError invalid(String text) {
        return PsError.of(null, "Cannot convert value \"" + text + "\" to type \"System.Version\". Error: \"Version "
                + "string portion was too short or too long.\"", "InvalidArgument", "InvalidCastParseTargetInvocation", text);
    }

    /** A member of System.Version, or null when it has none of that name. */
    Object member(String lowerName) {
        return switch (lowerName) {
            case "major" -> major;
            case "minor" -> minor;
            case "build" -> build;
            case "revision" -> revision;
            default -> null;
        };
    }

    @Override
    public int compareTo(PsVersion o) {
        int c = Integer.compare(major, o.major);
        c = c != 0 ? c : Integer.compare(minor, o.minor);
        c = c != 0 ? c : Integer.compare(build, o.build);
        return c != 0 ? c : Integer.compare(revision, o.revision);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder().append(major).append('.').append(minor);
        if (build >= 0) {
            sb.append('.').append(build);
            if (revision >= 0) {
                sb.append('.').append(revision);
            }
        }
        return sb.toString();
    }
}
