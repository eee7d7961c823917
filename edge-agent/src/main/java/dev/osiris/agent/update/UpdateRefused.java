package dev.osiris.agent.update;

/** An update that must not be installed (bad order, bad signature, hash or size, a downgrade); the message says why. */
public final class UpdateRefused extends IllegalArgumentException {

    public UpdateRefused(String message) {
        super(message);
    }
}
