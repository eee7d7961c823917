package dev.osiris.relay.auth;

import dev.osiris.relay.RelayException;
import dev.osiris.relay.store.Operator;
import dev.osiris.relay.store.OperatorStore;
import io.vertx.core.Future;

/**
 * Authenticates operators by key ({@code X-Osiris-Key} or {@code Authorization: Bearer}) and yields the operator
 * and its tenant. Each request looks its key up, so a revoked key fails at once on every relay.
 */
public final class OperatorAuth {

    private final OperatorStore store;

    public OperatorAuth(OperatorStore store) {
        this.store = store;
    }

    /** @return the key's operator; fails with 401 when neither header carries a valid operator key */
    public Future<Operator> authenticate(String apiKeyHeader, String authorization) {
        String key = apiKeyHeader;
        if ((key == null || key.isBlank()) && authorization != null
                && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            key = authorization.substring(7);
        }
        if (key == null || key.isBlank()) {
            return Future.failedFuture(RelayException.unauthorized("missing operator key"));
        }
        if (!key.strip().startsWith(ApiKeys.OPERATOR_PREFIX)) {
            return Future.failedFuture(RelayException.unauthorized("not an operator key"));
        }
        return store.operatorOf(ApiKeys.sha256Hex(key.strip())).map(p -> p.orElseThrow(
                () -> RelayException.unauthorized("unknown operator key")));
    }
}
