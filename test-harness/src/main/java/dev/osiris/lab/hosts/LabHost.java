package dev.osiris.lab.hosts;

import io.vertx.core.json.JsonObject;

/**
 * One running lab host as the relay learns of it: where it listens and the credential the appliance uses.
 *
 * @param name      host name (NVDC01, lnx01)
 * @param address   127.0.0.x for emulators (one address per host), 198.18.x.y for Linux hosts
 * @param port      listener port
 * @param transport winrm or ssh
 * @param tls       https listener (always true for ssh)
 * @param auth      ntlm, basic or password
 * @param account   the login account
 * @param secret    its password (a lab password, handed to the relay only)
 * @param pin       certificate SHA-256 (hex) or SSH host key fingerprint, or null for http
 */
public record LabHost(String name, String address, int port, String transport, boolean tls, String auth,
                      String account, String secret, String pin) {

    /** The body of {@code POST /api/sites/{id}/credentials}. */
    public JsonObject credential() {
        JsonObject json = new JsonObject().put("host", address).put("transport", transport).put("port", port)
                .put("tls", tls).put("auth", auth).put("account", account).put("secret", secret);
        return pin == null ? json : json.put("pin", pin);
    }

    /** One row of the hosts table, without the secret. */
    public String row() {
        String listener = transport.equals("ssh") ? "ssh" : tls ? "https" : "http";
        return String.format("%-8s %-22s %-6s %-9s %-7s %-20s", name, address + ":" + port, listener, auth,
                pin == null ? "-" : "pinned", account);
    }

    public static String header() {
        return String.format("%-8s %-22s %-6s %-9s %-7s %-20s", "NAME", "ADDRESS", "LISTEN", "AUTH", "PIN", "ACCOUNT");
    }

    @Override
    public String toString() {
        return "LabHost[" + name + " " + transport + "://" + account + "@" + address + ":" + port + "]";
    }
}
