package dev.osiris.relay.store;

/** Who is calling the operator API: the operator key's name (recorded on what it changes) and its tenant. */
public record Operator(String name, Tenant tenant) {
}
