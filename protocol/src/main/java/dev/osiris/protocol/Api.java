package dev.osiris.protocol;

/** Paths and headers of the relay's HTTP API, named once for the agent, the relay and the tests. */
public final class Api {

    /** The appliance's or operator's API key. */
    public static final String API_KEY_HEADER = "X-Osiris-Key";
    /** Base64 Ed25519 signature by the appliance key over the request, see {@link RequestSignature}. */
    public static final String SIGNATURE_HEADER = "X-Osiris-Signature";
    /** When the appliance sent the request (ISO-8601 UTC), part of what {@link RequestSignature} signs. */
    public static final String TIMESTAMP_HEADER = "X-Osiris-Timestamp";

    /**
     * A refusal for a signed timestamp outside the relay's window carries {@code "code": "clock-skew"} and the
     * relay's own time in {@code relayTime} (the {@link #TIMESTAMP_HEADER} format), so that the appliance can sign
     * in the relay's time.
     */
    public static final String SKEW_CODE_FIELD = "code";
    public static final String SKEW_CODE = "clock-skew";
    public static final String RELAY_TIME_FIELD = "relayTime";

    public static final String HEALTH = "/health";
    public static final String CHECKIN = "/api/appliances/checkin";
    public static final String EVIDENCE_BUNDLES = "/api/evidence/bundles";
    public static final String SITES = "/api/sites";
    /** The operator's partner's API keys: list, and {@code DELETE /api/keys/{id}} to revoke one. */
    public static final String KEYS = "/api/keys";

    private Api() {
    }
}
