package dev.osiris.lab.windows.model;

import java.util.Locale;
import java.util.Objects;

/**
 * A credential the emulated host accepts over WinRM.
 *
 * @param domain NetBIOS domain for a domain account, or {@code null} for a local account
 * @param user   account name without domain
 * @param password clear-text password (lab only)
 */
public record Account(String domain, String user, String password) {

    public Account {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        if (domain != null && (domain.isBlank() || domain.equals("."))) {
            domain = null;
        }
    }

    public static Account local(String user, String password) {
        return new Account(null, user, password);
    }

    public static Account domain(String domain, String user, String password) {
        return new Account(domain, user, password);
    }

    public boolean isLocal() {
        return domain == null;
    }

    /** {@code NVDENTAL\\osiris-svc} or {@code NVWS01\\osiris} (local accounts qualified by the host name). */
    public String qualifiedName(String hostName) {
        return (isLocal() ? hostName : domain) + "\\" + user;
    }

    /**
     * Whether a login name as a client gives it (user, {@code .\\user}, {@code HOST\\user},
     * {@code DOMAIN\\user}, {@code user@domain}) names this account on the given host.
     */
    public boolean matches(String loginDomain, String loginUser, String hostName) {
        if (!user.equalsIgnoreCase(loginUser)) {
            return false;
        }
        String d = loginDomain == null ? "" : loginDomain.toUpperCase(Locale.ROOT);
        if (isLocal()) {
            return d.isEmpty() || d.equals(".") || d.equalsIgnoreCase(hostName);
        }
        return d.isEmpty() || d.equalsIgnoreCase(domain) || d.toLowerCase(Locale.ROOT).startsWith(domain.toLowerCase(Locale.ROOT) + ".");
    }
}
