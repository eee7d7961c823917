package dev.osiris.agent.health;

/** One thing a working appliance needs. Blocking, bounded by its own timeouts; an exception counts as a failure. */
@FunctionalInterface
public interface HealthCheck {

    Check run() throws Exception;
}
