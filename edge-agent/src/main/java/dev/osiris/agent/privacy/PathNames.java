package dev.osiris.agent.privacy;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces person names inside Windows and Unix paths: the profile segment after {@code \Users\} or
 * {@code /home/} (unless the account is allowed), and every name-like segment under a patient folder
 * ({@code Patients}, {@code Charts}, {@code Scans}, ...), keeping a file's extension ({@code [NAME].pdf}).
 * Segments are walked by hand rather than by one regex so that names with spaces and commas
 * ({@code Doe, Jane - chart.docx}) are found without backtracking: every anchor costs at most
 * {@link #MAX_SEGMENT} characters per segment.
 */
final class PathNames {

    private static final int MAX_SEGMENT = 255;
    private static final int LOOKBACK = 256;
    private static final Pattern ANCHOR = Pattern.compile("(?i)[\\\\/](users|home|patients|patient[ _-]?files"
            + "|charts|records|medical[ _-]?records|scans|x-?rays|radiographs|imaging)(?=[\\\\/])");
    /**
     * A "patient folder" under these belongs to the operating system (Defender keeps {@code Scans\History}) or is
     * a registry key, whose value names are operational data.
     */
    private static final Pattern SYSTEM_FOLDER = Pattern.compile(
            "(?i)[\\\\/](?:windows|microsoft|windows defender|system32|syswow64|winsxs|usr|proc|sys)[\\\\/]"
            + "|\\b(?:HKLM|HKCU|HKU|HKCR|HKCC|HKEY_[A-Z_]{1,30}):?[\\\\/]");
    /** Sub-folders of a patient folder that are filing structure, not a person. */
    private static final Set<String> GENERIC = Set.of("patients", "patient files", "patientfiles", "patient_files",
            "charts", "records", "medical records", "scans", "x-rays", "xrays", "radiographs", "imaging", "images",
            "archive", "archived", "incoming", "outgoing", "inbox", "new", "old", "temp", "tmp", "backup", "backups",
            "history", "export", "exports", "import", "imports");

    private final Set<String> allowedAccounts;

    /** @param allowedAccounts lower-case profile names that are service accounts or system folders */
    PathNames(Set<String> allowedAccounts) {
        this.allowedAccounts = allowedAccounts;
    }

    String scrub(String text, Redactions redactions) {
        Matcher m = ANCHOR.matcher(text);
        StringBuilder out = null;
        int copied = 0;
        int from = 0;
        SystemFolders system = new SystemFolders(text);
        while (from < text.length() && m.find(from)) {
            String folder = m.group(1).toLowerCase(Locale.ROOT);
            boolean profile = folder.equals("users") || folder.equals("home");
            int p = skipSeparators(text, m.end());
            from = m.end();
            if (!profile && system.contain(m.start())) {
                continue;
            }
            while (true) {
                Segment s = segmentAt(text, p);
                if (s == null) {
                    break;
                }
                String name = text.substring(s.start, s.end);
                String replacement = profile ? profileName(name) : patientSegment(name, s.terminal);
                if (replacement != null) {
                    if (out == null) {
                        out = new StringBuilder(text.length());
                    }
                    out.append(text, copied, s.start).append(replacement);
                    copied = s.end;
                    redactions.add(PhiCategory.NAME);
                }
                from = s.end;
                if (profile || s.terminal) {
                    break;
                }
                p = skipSeparators(text, s.end);
            }
        }
        if (out == null) {
            return text;
        }
        return out.append(text, copied, text.length()).toString();
    }

    private record Segment(int start, int end, boolean terminal) {
    }

    private static Segment segmentAt(String text, int p) {
        int limit = Math.min(text.length(), p + MAX_SEGMENT);
        int i = p;
        while (i < limit && !isTerminator(text.charAt(i)) && !isSeparator(text.charAt(i))) {
            i++;
        }
        if (i == p) {
            return null;
        }
        boolean directory = i < text.length() && isSeparator(text.charAt(i));
        String candidate = text.substring(p, i);
        int firstSpace = candidate.indexOf(' ');
        if (firstSpace < 0) {
            return new Segment(p, p + trimTrailingPunctuation(candidate), !directory);
        }
        if (directory && candidate.chars().filter(c -> c == ' ').count() <= 4) {
            return new Segment(p, i, false);
        }
        // a file name with spaces ends at its extension; without one, the name ends at the first space
        int end = lastExtensionEnd(candidate);
        if (end < 0) {
            end = trimTrailingPunctuation(candidate.substring(0, firstSpace));
        }
        return end == 0 ? null : new Segment(p, p + end, true);
    }

    /** Past the separators at {@code p}: text quoting JSON doubles every backslash ({@code C:\\Users\\jsmith}). */
    private static int skipSeparators(String text, int p) {
        int end = Math.min(text.length(), p + 4);
        while (p < end && isSeparator(text.charAt(p))) {
            p++;
        }
        return p;
    }

    private static boolean isSeparator(char c) {
        return c == '\\' || c == '/';
    }

    private static boolean isTerminator(char c) {
        return c == '"' || c == '\'' || c == '<' || c == '>' || c == '|' || c == '*' || c == '?' || c == ':'
                || c == ';' || c == '\t' || c == '\r' || c == '\n' || c == '`';
    }

    private static int trimTrailingPunctuation(String s) {
        int end = s.length();
        while (end > 0 && ".,;)]}!".indexOf(s.charAt(end - 1)) >= 0 && !PhiCategory.isToken(s.substring(0, end))) {
            end--;
        }
        return end;
    }

    /** The end of the longest prefix that ends with {@code .ext} followed by a space or the end, or -1. */
    private static int lastExtensionEnd(String s) {
        int best = -1;
        for (int dot = s.indexOf('.'); dot >= 0; dot = s.indexOf('.', dot + 1)) {
            int j = dot + 1;
            while (j < s.length() && j - dot <= 5 && Character.isLetterOrDigit(s.charAt(j))) {
                j++;
            }
            boolean closed = j == s.length() || s.charAt(j) == ' ';
            if (j > dot + 1 && closed && Character.isLetter(s.charAt(dot + 1))) {
                best = j;
            }
        }
        return best;
    }

    /**
     * Whether a patient-folder anchor lies under an operating-system folder of the same path (no quote, line
     * break or start of another path between them, at most {@link #LOOKBACK} characters back). Anchors are asked in increasing order; the
     * system folders are found in one forward pass, so the whole text costs O(n) rather than a search per anchor.
     */
    private static final class SystemFolders {
        private final String text;
        private final Matcher matcher;
        private int lastEnd = -1;
        private int searchFrom;
        private int pendingStart = -1;
        private int pendingEnd = -1;
        private boolean exhausted;

        SystemFolders(String text) {
            this.text = text;
            this.matcher = SYSTEM_FOLDER.matcher(text);
        }

        boolean contain(int anchor) {
            while (true) {
                if (pendingStart < 0) {
                    if (exhausted || searchFrom >= text.length() || !matcher.find(searchFrom)) {
                        exhausted = true;
                        break;
                    }
                    pendingStart = matcher.start();
                    pendingEnd = matcher.end();
                    // the closing separator may open the next system folder (\Microsoft\Windows Defender\)
                    searchFrom = pendingEnd - 1;
                }
                if (pendingEnd - 1 > anchor) {
                    break;
                }
                lastEnd = pendingEnd;
                pendingStart = -1;
            }
            if (lastEnd < 0 || anchor - lastEnd > LOOKBACK) {
                return false;
            }
            for (int i = lastEnd; i < anchor; i++) {
                char c = text.charAt(i);
                if (c == '\n' || c == '"' || c == '\'' || c == ';' || c == '|' || c == '<' || c == '>'
                        || c == ' ' && startsPath(text, i + 1)) {
                    return false;
                }
            }
            return true;
        }
    }

    /** Whether a new path starts at {@code i} ({@code X:}, a separator), ending the one before it. */
    private static boolean startsPath(String text, int i) {
        return i < text.length() && (isSeparator(text.charAt(i))
                || i + 1 < text.length() && Character.isLetter(text.charAt(i)) && text.charAt(i + 1) == ':');
    }

    private String profileName(String name) {
        if (PhiCategory.isToken(name)) {
            return null;
        }
        String lower = name.toLowerCase(Locale.ROOT);
        int dot = lower.indexOf('.');
        // Windows names a second profile of one account "<account>.<DOMAIN>"
        if (allowedAccounts.contains(lower) || dot > 0 && allowedAccounts.contains(lower.substring(0, dot))) {
            return null;
        }
        return PhiCategory.NAME.token();
    }

    private static String patientSegment(String name, boolean terminal) {
        int dot = name.lastIndexOf('.');
        boolean hasExtension = terminal && dot > 0 && name.length() - dot <= 6 && dot + 1 < name.length()
                && Character.isLetter(name.charAt(dot + 1));
        String stem = hasExtension ? name.substring(0, dot) : name;
        if (PhiCategory.isToken(stem) || stem.chars().noneMatch(Character::isLetter)
                || GENERIC.contains(name.toLowerCase(Locale.ROOT))) {
            return null;
        }
        return hasExtension ? PhiCategory.NAME.token() + name.substring(dot) : PhiCategory.NAME.token();
    }
}
