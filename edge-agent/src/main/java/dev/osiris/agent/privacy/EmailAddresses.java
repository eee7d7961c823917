package dev.osiris.agent.privacy;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces e-mail addresses, found from their {@code @} rather than by a regex tried at every position: a regex
 * whose local part may start anywhere costs up to 64 steps per character of text without an address.
 * Addresses whose local part is an allowed account (the agent's own, {@code osiris-svc@...}) stay.
 */
final class EmailAddresses {

    private static final int MAX_LOCAL = 64;
    private static final int MAX_DOMAIN = 8 * 64 + 24;
    private static final Pattern DOMAIN = Pattern.compile("(?:[A-Za-z0-9-]{1,63}+\\.){1,8}[A-Za-z]{2,24}(?![A-Za-z0-9-])");

    private final Set<String> allowedAccounts;

    EmailAddresses(Set<String> allowedAccounts) {
        this.allowedAccounts = allowedAccounts;
    }

    String scrub(String text, Redactions redactions) {
        int at = text.indexOf('@');
        if (at < 0) {
            return text;
        }
        Matcher domain = DOMAIN.matcher(text).useTransparentBounds(true).useAnchoringBounds(false);
        StringBuilder out = null;
        int copied = 0;
        for (; at >= 0; at = text.indexOf('@', at + 1)) {
            int start = at;
            while (start > copied && at - start < MAX_LOCAL && isLocal(text.charAt(start - 1))) {
                start--;
            }
            if (start == at || !domain.region(at + 1, Math.min(text.length(), at + 1 + MAX_DOMAIN)).lookingAt()
                    || allowedAccounts.contains(text.substring(start, at).toLowerCase(Locale.ROOT))) {
                continue;
            }
            if (out == null) {
                out = new StringBuilder(text.length());
            }
            out.append(text, copied, start).append(PhiCategory.EMAIL.token());
            copied = domain.end();
            redactions.add(PhiCategory.EMAIL);
            at = copied - 1;
        }
        return out == null ? text : out.append(text, copied, text.length()).toString();
    }

    private static boolean isLocal(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || ".-_%+".indexOf(c) >= 0;
    }
}
