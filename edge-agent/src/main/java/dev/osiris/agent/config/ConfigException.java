package dev.osiris.agent.config;

/** The agent's configuration cannot be used; the message names the offending key by its path, e.g. {@code tls.pinSha256}. */
public final class ConfigException extends RuntimeException {

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
