package dev.osiris.agent.update;

import java.net.URI;
import java.util.Map;

/**
 * The headers that authenticate one image request to the server it goes to. The relay serves its release images
 * only to its appliances, so a download from the relay is signed as a check-in is; a release that names another
 * HTTPS server gets nothing: the appliance's credentials never leave for a third party.
 */
@FunctionalInterface
public interface ImageAuth {

    /** No authentication: images come from public URLs (tests, and an agent without a relay). */
    ImageAuth NONE = url -> Map.of();

    /** The headers for a GET of {@code url}, sent now (each attempt asks again: a signature is accepted once). */
    Map<String, String> headers(URI url);
}
