package dev.osiris.relay.auth;

import dev.osiris.relay.RelayException;
import dev.osiris.relay.store.Operator;
import dev.osiris.relay.store.OperatorStore;
import dev.osiris.relay.store.TtlCache;
import io.vertx.core.Future;

import java.time.Duration;

/** Authenticates operators by key ({@code X-Osiris-Key} or {@code Authorization: Bearer}) and yields the operator and its tenant. */
public final class OperatorAuth {

    private final OperatorStore store;
    private final TtlCache<String, Operator> operators;

    public OperatorAuth(OperatorStore store, Duration ttl) {
        this.store = store;
        this.operators = new TtlCache<>(ttl, 10_000);
    }

    /** @return the key's operator; fails with 401 when neither header carries a known operator key */
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
        return operators.get(ApiKeys.sha256Hex(key.strip()), h -> store.operatorOf(h).map(p -> p.orElseThrow(
                () -> RelayException.unauthorized("unknown operator key"))));
    }
}
