package dev.osiris.relay.identity;

import java.util.Locale;
import java.util.Objects;

/**
 * One OpenID provider the portal signs in with. The client secret is never logged nor shown in a page.
 *
 * @param name     the provider's path segment and button, {@code google} or {@code microsoft}
 * @param issuer   the discovery base; for Microsoft's multi-tenant issuer it may hold {@code {tenantid}}, which the
 *                 ID token's {@code tid} fills in before the exact comparison with {@code iss}
 * @param clientId the relay's client id at the provider
 */
public record OidcProvider(String name, Kind kind, String issuer, String clientId, String clientSecret) {

    /** How the provider names a person: Google by {@code sub}; Microsoft by tenant and object id. */
    public enum Kind { GOOGLE, MICROSOFT }

    public static final String TENANT_TEMPLATE = "{tenantid}";

    public OidcProvider {
        Objects.requireNonNull(kind, "oidc.kind is required");
        if (name == null || !name.matches("[a-z][a-z0-9-]{0,30}")) {
            throw new IllegalArgumentException("oidc.name must be a lower-case word, got " + name);
        }
        if (issuer == null || !(issuer.startsWith("https://") || issuer.startsWith("http://127.")
                || issuer.startsWith("http://localhost"))) {
            throw new IllegalArgumentException("oidc." + name + ".issuer must be an https URL (http only on loopback)");
        }
        if (clientId == null || clientId.isBlank()) {
            throw new IllegalArgumentException("oidc." + name + ".clientId is required");
        }
        if (clientSecret == null || clientSecret.isBlank()) {
            throw new IllegalArgumentException("oidc." + name + ".clientSecret is required");
        }
    }

    /** The discovery base with the common tenant in place of the template. */
    public String discoveryBase() {
        return issuer.replace(TENANT_TEMPLATE, "common");
    }

    public String label() {
        return kind == Kind.GOOGLE ? "Google" : "Microsoft";
    }

    public static Kind kind(String name) {
        return name.toLowerCase(Locale.ROOT).startsWith("microsoft") ? Kind.MICROSOFT : Kind.GOOGLE;
    }

    @Override
    public String toString() {
        return "OidcProvider[" + name + ", " + kind + ", " + issuer + ", clientId=" + clientId + ", clientSecret=[REDACTED]]";
    }
}
