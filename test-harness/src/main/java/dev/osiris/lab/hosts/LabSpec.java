package dev.osiris.lab.hosts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which lab hosts to start: Windows emulators and Linux namespace hosts. {@link #defaults()} is North Valley
 * Dental's lab; {@link #load(Path)} reads the same shape from a {@code lab.yaml}:
 *
 * <pre>
 * windows:
 *   - {name: NVDC01, role: domain-controller, listener: http, auth: ntlm, account: domain}
 *   - {name: NVWS02, role: workstation, language: de-DE}
 * linux:
 *   - {name: lnx01, address: 198.18.0.10}
 *   - {name: lnx02, address: 198.18.0.11, account: osiris, password: Lab-Linux-2026!}
 * </pre>
 * A Linux entry is a hardened host (key login) unless it gives a password or {@code hardened: false}.
 */
public record LabSpec(List<Windows> windows, List<Linux> linux) {

    /**
     * A Windows emulator: role (domain-controller, workstation, server-core), listener (http, https), auth (ntlm,
     * basic), account (domain, local).
     *
     * @param clockOffsetSeconds where the host's clock starts against true time (e.g. {@code -691200}: a DC restored
     *                           8 days behind, as the field saw); 0 for a synced clock
     * @param language           the display language Windows was installed in: en-US (default) or de-DE (a
     *                           workstation or member server; German names and native output)
     */
    public record Windows(String name, String role, String listener, String auth, String account,
                          long clockOffsetSeconds, String language) {
        public Windows(String name, String role, String listener, String auth, String account) {
            this(name, role, listener, auth, account, 0, "en-US");
        }

        public Windows(String name, String role, String listener, String auth, String account, long clockOffsetSeconds) {
            this(name, role, listener, auth, account, clockOffsetSeconds, "en-US");
        }

        public Windows {
            check(name != null && name.matches("[A-Za-z0-9-]{1,15}"), "windows name must be a NetBIOS name, got " + name);
            check(Set.of("domain-controller", "workstation", "server-core").contains(role), name + ": role must be domain-controller, workstation or server-core");
            check(Set.of("http", "https").contains(listener), name + ": listener must be http or https");
            check(Set.of("ntlm", "basic").contains(auth), name + ": auth must be ntlm or basic");
            check(Set.of("domain", "local").contains(account), name + ": account must be domain or local");
            check(!(auth.equals("basic") && account.equals("domain")), name + ": Windows allows Basic for local accounts only");
            check(!(auth.equals("basic") && listener.equals("http")), name + ": Basic over plain http would send the password in clear");
            check(Set.of("en-US", "de-DE").contains(language), name + ": language must be en-US or de-DE, got " + language);
            check(!(language.equals("de-DE") && role.equals("domain-controller")), name
                    + ": a de-DE domain controller is not modelled (a German domain's group names are not); use de-DE"
                    + " for workstations and member servers");
        }

        public boolean tls() {
            return listener.equals("https");
        }
    }

    /**
     * A Linux namespace host (pinned host key): with password login, or {@code hardened}: compliant with every Linux
     * runbook, the account logging in by the lab's key only, with passwordless sudo.
     */
    public record Linux(String name, String address, String account, String password, boolean hardened) {

        public Linux(String name, String address, String account, String password) {
            this(name, address, account, password, false);
        }

        public static Linux hardened(String name, String address) {
            return new Linux(name, address, "osiris", null, true);
        }
    }

    /** The demo's office: a domain controller, a workstation and a server over pinned HTTPS, and a hardened Linux host. */
    public static LabSpec demo() {
        return new LabSpec(List.of(
                new Windows("NVDC01", "domain-controller", "https", "ntlm", "domain"),
                new Windows("NVWS01", "workstation", "https", "basic", "local"),
                new Windows("NVSRV01", "server-core", "https", "ntlm", "domain")),
                List.of(Linux.hardened("lnx01", "198.18.0.10")));
    }

    /**
     * North Valley Dental's lab for {@code ./osiris lab up}: the Windows presets and two hardened Linux hosts, like
     * the demo and the tests (a password-login host is a lab.yaml choice, not what a new user meets first).
     */
    public static LabSpec defaults() {
        return new LabSpec(List.of(
                new Windows("NVDC01", "domain-controller", "http", "ntlm", "domain"),
                new Windows("NVWS01", "workstation", "https", "basic", "local"),
                new Windows("NVSRV01", "server-core", "https", "ntlm", "domain")),
                List.of(Linux.hardened("lnx01", "198.18.0.10"), Linux.hardened("lnx02", "198.18.0.11")));
    }

    /** @throws IllegalArgumentException naming the file and the entry that is wrong */
    public static LabSpec load(Path file) {
        try {
            return parse(new YAMLMapper().readTree(Files.readAllBytes(file)));
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    static LabSpec parse(JsonNode root) {
        check(root != null && root.isObject(), "a lab spec is a mapping with windows and linux lists");
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            check(key.equals("windows") || key.equals("linux"), key + ": unknown key (known: linux, windows)");
        }
        List<Windows> windows = new ArrayList<>();
        for (JsonNode w : root.path("windows")) {
            windows.add(new Windows(text(w, "name", null), text(w, "role", "workstation").toLowerCase(Locale.ROOT),
                    text(w, "listener", "https"), text(w, "auth", "ntlm"), text(w, "account", "local"),
                    clockOffset(w), text(w, "language", "en-US")));
        }
        List<Linux> linux = new ArrayList<>();
        for (JsonNode l : root.path("linux")) {
            // hardened unless the entry asks for password login (a password, or hardened: false)
            boolean hardened = l.path("hardened").asBoolean(!l.hasNonNull("password"));
            linux.add(new Linux(text(l, "name", null), text(l, "address", null), text(l, "account", "osiris"),
                    hardened ? null : text(l, "password", "Lab-Linux-2026!"), hardened));
        }
        return new LabSpec(List.copyOf(windows), List.copyOf(linux));
    }

    private static long clockOffset(JsonNode w) {
        JsonNode v = w.get("clockOffsetSeconds");
        if (v == null || v.isNull()) {
            return 0;
        }
        check(v.canConvertToLong() && v.isIntegralNumber(), "clockOffsetSeconds: must be a whole number of seconds,"
                + " got " + v);
        return v.asLong();
    }

    private static String text(JsonNode node, String field, String fallback) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            check(fallback != null, field + ": is required in " + node);
            return fallback;
        }
        return v.asText();
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
