package dev.osiris.agent.remote;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.osiris.protocol.checkin.Target;
import dev.osiris.protocol.json.Json;

import java.time.Instant;

/**
 * The outcome of one reachability probe of a target; never holds the secret.
 *
 * @param id         the credential id at the relay
 * @param host       the target's host
 * @param transport  winrm or ssh
 * @param port       TCP port
 * @param account    the account the probe used
 * @param state      {@code reachable} or {@code unreachable}
 * @param reason     the {@link RemoteFailure.Reason} word when unreachable, else null
 * @param error      the failure in words (no secret), else null
 * @param identity   what the host called itself (computer name / hostname), else null
 * @param durationMs how long the probe took
 * @param checkedAt  when the probe ended
 */
public record TargetReachability(String id, String host, String transport, int port, String account, String state,
                                 String reason, String error, String identity, long durationMs, Instant checkedAt) {

    public static final String REACHABLE = "reachable";
    public static final String UNREACHABLE = "unreachable";

    static TargetReachability reachable(Target t, String identity, long durationMs, Instant at) {
        return new TargetReachability(t.id(), t.host(), t.transport().wire(), t.port(), t.account(), REACHABLE, null,
                null, identity, durationMs, at);
    }

    static TargetReachability unreachable(Target t, RemoteFailure failure, long durationMs, Instant at) {
        return new TargetReachability(t.id(), t.host(), t.transport().wire(), t.port(), t.account(), UNREACHABLE,
                failure.reason().word(), failure.getMessage(), null, durationMs, at);
    }

    public boolean isReachable() {
        return REACHABLE.equals(state);
    }

    /** The evidence outcome: {@code reachable} or the failure's reason word. */
    public String outcome() {
        return isReachable() ? REACHABLE : reason;
    }

    public ObjectNode toJson() {
        ObjectNode json = Json.object();
        json.put("id", id);
        json.put("host", host);
        json.put("transport", transport);
        json.put("port", port);
        json.put("account", account);
        json.put("state", state);
        json.put("reason", reason);
        json.put("error", error);
        json.put("identity", identity);
        json.put("durationMs", durationMs);
        json.put("checkedAt", checkedAt.toString());
        return json;
    }
}
