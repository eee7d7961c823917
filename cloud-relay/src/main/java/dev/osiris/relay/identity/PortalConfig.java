package dev.osiris.relay.identity;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The portal's sign-in: the relay's public URL (redirect URIs are built from it, exactly) and its OpenID providers.
 * Empty providers: nobody signs in with a browser; keys still work.
 */
public record PortalConfig(Optional<String> publicUrl, List<OidcProvider> providers) {

    public static final PortalConfig NONE = new PortalConfig(Optional.empty(), List.of());

    public PortalConfig {
        providers = List.copyOf(providers);
        if (!providers.isEmpty() && publicUrl.isEmpty()) {
            throw new IllegalArgumentException("portal.publicUrl is required when an OpenID provider is configured");
        }
        publicUrl = publicUrl.map(u -> u.endsWith("/") ? u.substring(0, u.length() - 1) : u);
    }

    /** The exact redirect URI of a provider. */
    public String callback(OidcProvider provider) {
        return publicUrl.orElseThrow() + "/auth/" + provider.name() + "/callback";
    }

    /**
     * From {@code OSIRIS_PORTAL_URL} and, per provider ({@code GOOGLE}, {@code MICROSOFT}),
     * {@code OSIRIS_OIDC_<P>_ISSUER}, {@code _CLIENT_ID} and {@code _CLIENT_SECRET} or {@code _CLIENT_SECRET_FILE}.
     *
     * @throws IllegalArgumentException naming the variable that is missing or wrong (never its value)
     */
    public static PortalConfig fromEnvironment(Map<String, String> env) {
        List<OidcProvider> providers = new ArrayList<>();
        for (String name : List.of("google", "microsoft")) {
            String prefix = "OSIRIS_OIDC_" + name.toUpperCase(Locale.ROOT) + "_";
            String issuer = env.get(prefix + "ISSUER");
            if (issuer == null || issuer.isBlank()) {
                continue;
            }
            String secret = env.get(prefix + "CLIENT_SECRET");
            String file = env.get(prefix + "CLIENT_SECRET_FILE");
            if ((secret == null || secret.isBlank()) && file != null && !file.isBlank()) {
                try {
                    secret = Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
                } catch (IOException e) {
                    throw new IllegalArgumentException(prefix + "CLIENT_SECRET_FILE cannot be read: " + e.getClass()
                            .getSimpleName());
                }
            }
            providers.add(new OidcProvider(name, OidcProvider.kind(name), issuer.strip(),
                    env.get(prefix + "CLIENT_ID"), secret));
        }
        return new PortalConfig(Optional.ofNullable(env.get("OSIRIS_PORTAL_URL")).filter(s -> !s.isBlank()), providers);
    }
}
