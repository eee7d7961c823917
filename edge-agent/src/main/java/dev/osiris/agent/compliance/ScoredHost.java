package dev.osiris.agent.compliance;

import dev.osiris.protocol.runbook.Platform;

import java.util.Objects;

/** A host the site monitors; every enabled runbook of its platform needs a verdict from it. */
public record ScoredHost(String name, Platform platform) {

    public ScoredHost {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(platform, "platform");
    }
}
