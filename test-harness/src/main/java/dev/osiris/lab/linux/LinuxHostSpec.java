package dev.osiris.lab.linux;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;

/**
 * What a Linux lab host is started with.
 *
 * @param name          short name, [a-z0-9-]{1,10} (it becomes part of namespace and interface names)
 * @param address       IPv4 address in 198.18.0.0/15, other than the root side {@link LinuxLab#ROOT_SIDE}
 * @param account       login account, created in the host if missing (root is allowed)
 * @param password      its password, or null for key-only login
 * @param authorizedKey an OpenSSH public key line allowed to log in as the account, or null
 * @param hardened      start from the compliant baseline of every Linux runbook ({@link HardenedBaseline}): key-only
 *                      login for a passwordless-sudo account, no root logins, firewall, sysctls, PAM policy,
 *                      rsyslog, cron and chronyd running inside the host
 */
public record LinuxHostSpec(String name, String address, String account, String password, String authorizedKey,
                            boolean hardened) {

    public LinuxHostSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(account, "account");
        if (!name.matches("[a-z0-9-]{1,10}")) {
            throw new IllegalArgumentException("lab host name must match [a-z0-9-]{1,10}, got \"" + name + "\"");
        }
        if (!account.matches("[a-z_][a-z0-9_-]{0,30}")) {
            throw new IllegalArgumentException("lab host " + name + ": account must be a plain Unix user name, got \"" + account + "\"");
        }
        if (!inLabRange(address) || address.equals(LinuxLab.ROOT_SIDE)) {
            throw new IllegalArgumentException("lab host " + name + ": address must be in 198.18.0.0/15 and not "
                    + LinuxLab.ROOT_SIDE + ", got " + address);
        }
        if (password == null && authorizedKey == null) {
            throw new IllegalArgumentException("lab host " + name + ": needs a password or an authorized key");
        }
        if (password != null && (password.contains("\n") || password.contains(":"))) {
            throw new IllegalArgumentException("lab host " + name + ": password must not contain ':' or a newline");
        }
        if (authorizedKey != null && authorizedKey.contains("\n")) {
            throw new IllegalArgumentException("lab host " + name + ": authorizedKey must be one line");
        }
        if (hardened && (password != null || authorizedKey == null || account.equals("root"))) {
            throw new IllegalArgumentException("lab host " + name + ": a hardened host has a non-root account with key login only");
        }
    }

    public LinuxHostSpec(String name, String address, String account, String password, String authorizedKey) {
        this(name, address, account, password, authorizedKey, false);
    }

    public static LinuxHostSpec withPassword(String name, String address, String account, String password) {
        return new LinuxHostSpec(name, address, account, password, null);
    }

    /**
     * A host compliant with every Linux runbook: {@code account} logs in with the key only and has passwordless
     * sudo; root cannot log in over SSH.
     */
    public static LinuxHostSpec hardened(String name, String address, String account, String authorizedKey) {
        return new LinuxHostSpec(name, address, account, null, authorizedKey.strip(), true);
    }

    public LinuxHostSpec withAuthorizedKey(String publicKeyLine) {
        return new LinuxHostSpec(name, address, account, password, publicKeyLine.strip(), hardened);
    }

    static boolean inLabRange(String address) {
        if (!address.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            return false;
        }
        try {
            byte[] a = InetAddress.getByName(address).getAddress();
            return (a[0] & 0xff) == 198 && ((a[1] & 0xff) == 18 || (a[1] & 0xff) == 19);
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
