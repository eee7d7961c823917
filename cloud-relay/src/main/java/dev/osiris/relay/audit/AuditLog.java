package dev.osiris.relay.audit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.osiris.relay.store.Tenant;
import io.vertx.core.Future;

import java.util.List;

/** The append-only audit log. The relay may add rows, never change or remove them (the database refuses it). */
public interface AuditLog {

    /** Appends a row at the database's time. */
    Future<Void> record(String partnerId, String actor, String action, String subject, String source,
                        ObjectNode details);

    /**
     * The tenant's rows, newest first: at most {@code limit}, with ids below {@code beforeId} (0: from the newest).
     *
     * @return fails with 400 for a limit outside 1..1000
     */
    Future<List<AuditEntry>> list(Tenant tenant, long beforeId, int limit);
}
