package dev.osiris.relay.store;

/**
 * Who is calling the operator API: the operator key's name (recorded on what it changes), its tenant, and the
 * key's id ({@code opk-...}, never the key).
 */
public record Operator(String name, Tenant tenant, String keyId) {

    /** How audit rows and ended chains name this operator. */
    public String actor() {
        return "operator " + name + " (" + keyId + ")";
    }
}
