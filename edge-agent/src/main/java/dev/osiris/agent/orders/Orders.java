package dev.osiris.agent.orders;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.osiris.agent.evidence.Entries;
import dev.osiris.agent.evidence.EvidenceStore;
import dev.osiris.protocol.checkin.Order;
import dev.osiris.protocol.evidence.EvidenceKind;
import dev.osiris.protocol.json.Json;
import io.vertx.core.Future;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The agent's one order dispatch: each capability registers a handler for the order types it owns while the agent
 * starts; the check-in hands every new order here. Each accepted order leaves one signed evidence record
 * ({@code order.<type>}, outcome the {@link OrderOutcome}'s wire name); an order of a type nobody registered is
 * {@code unsupported}, so that an older agent acknowledges what a newer relay sends. On the agent's event loop.
 */
public final class Orders {

    private static final Pattern TYPE = Pattern.compile("[a-z][a-z0-9-]{0,31}");
    /** The evidence store's once-key of an order carried out (ids are at most 64 characters). */
    private static final String ONCE_KEY = "order:";

    private final Map<String, OrderHandler> handlers = new LinkedHashMap<>();
    private final EvidenceStore store;
    private final Entries entries;

    public Orders(EvidenceStore store, Entries entries) {
        this.store = store;
        this.entries = entries;
    }

    /**
     * Registers the handler of one order type. Throws {@link IllegalStateException} when the type is registered
     * already (two capabilities claiming one type is a wiring error that fails the start), and
     * {@link IllegalArgumentException} when the type is not a lower-case token.
     */
    public Orders register(String type, OrderHandler handler) {
        if (type == null || !TYPE.matcher(type).matches()) {
            throw new IllegalArgumentException("order type \"" + type + "\" is not a lower-case token");
        }
        if (handlers.putIfAbsent(type, handler) != null) {
            throw new IllegalStateException("order type " + type + " is registered twice; each order type has one owner");
        }
        return this;
    }

    /** The registered order types, in the order of registration. */
    public Set<String> types() {
        return Collections.unmodifiableSet(handlers.keySet());
    }

    /**
     * Hands the order to its handler and records the outcome in evidence, once per order id across restarts: an order
     * the relay resends because its acknowledgement was lost with a restart is not carried out again. Succeeds with
     * the outcome (a handler's failure is the outcome {@code failed}); fails only when the evidence record cannot be
     * stored.
     */
    public Future<OrderResult> accept(Order order) {
        String once = ONCE_KEY + order.id();
        return store.recordedOnce(once, 1).compose(done -> done
                ? Future.succeededFuture(new OrderResult(OrderOutcome.DONE, "carried out before this agent restarted;"
                        + " acknowledged again"))
                : run(order).compose(r -> store.appendOnce(once, 1, entries.appliance(EvidenceKind.AGENT,
                        "order." + order.type(), r.outcome().wireName(), details(order, r))).map(r)));
    }

    private Future<OrderResult> run(Order order) {
        OrderHandler handler = handlers.get(order.type());
        Future<OrderResult> result;
        if (handler == null) {
            result = Future.succeededFuture(new OrderResult(OrderOutcome.UNSUPPORTED, "this agent version does not"
                    + " carry out " + order.type() + " orders; acknowledged so the relay stops resending"));
        } else {
            try {
                result = handler.accept(order).recover(e -> Future.succeededFuture(failed(e)));
            } catch (RuntimeException e) {
                result = Future.succeededFuture(failed(e));
            }
        }
        return result;
    }

    private static OrderResult failed(Throwable e) {
        return new OrderResult(OrderOutcome.FAILED, e.getMessage() == null ? e.toString() : e.getMessage());
    }

    private static ObjectNode details(Order order, OrderResult result) {
        ObjectNode details = Json.object().put("orderId", order.id()).put("type", order.type())
                .put("issuedAt", order.issuedAt().toString());
        if (!result.note().isEmpty()) {
            details.put("note", result.note());
        }
        return details;
    }
}
