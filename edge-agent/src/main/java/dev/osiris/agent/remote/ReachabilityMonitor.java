package dev.osiris.agent.remote;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.osiris.agent.evidence.EvidenceStore;
import dev.osiris.protocol.checkin.Target;
import dev.osiris.protocol.evidence.EvidenceKind;
import dev.osiris.protocol.evidence.EvidenceSealer;
import dev.osiris.protocol.json.Json;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Keeps the agent's view of which targets it can reach. A round probes every target concurrently (bounded by the
 * {@link RemoteShells} pools; each probe has its own deadline) and records one {@code remote.reachability}
 * evidence record per target whose state or reason changed. Rounds run after a check-in whose targets changed and
 * otherwise every interval ({@link Duration#ZERO}: only when asked). Touched only on the agent's event loop.
 */
public final class ReachabilityMonitor {

    public static final String CHECK_ID = "remote.reachability";

    private final Vertx vertx;
    private final ReachabilityProbe probe;
    private final EvidenceStore store;
    private final Supplier<List<Target>> targets;
    private final Duration interval;
    private final Clock clock;
    private final Runnable changed;
    private final Map<String, TargetReachability> latest = new LinkedHashMap<>();
    private final Map<String, String> recorded = new HashMap<>();
    private Future<List<TargetReachability>> running = Future.succeededFuture(List.of());
    private String probedFingerprint;
    private long timer = -1;
    private boolean stopped;

    public ReachabilityMonitor(Vertx vertx, ReachabilityProbe probe, EvidenceStore store,
                               Supplier<List<Target>> targets, Duration interval, Clock clock, Runnable changed) {
        this.vertx = vertx;
        this.probe = probe;
        this.store = store;
        this.targets = targets;
        this.interval = interval;
        this.clock = clock;
        this.changed = changed;
    }

    /** After a check-in: starts a round if the targets (or their credentials) changed since the last round. */
    public void targetsMaybeChanged() {
        if (interval.isZero() || stopped) {
            return;
        }
        if (!fingerprint(targets.get()).equals(probedFingerprint)) {
            probeNow();
        }
    }

    /** Probes every current target after any round in progress; never fails. */
    public Future<List<TargetReachability>> probeNow() {
        if (stopped) {
            return Future.failedFuture(new IllegalStateException("the agent is closed"));
        }
        Future<List<TargetReachability>> next = running.transform(ignored -> round(targets.get()));
        running = next.otherwise(List.of());
        return next;
    }

    private Future<List<TargetReachability>> round(List<Target> current) {
        cancelTimer();
        probedFingerprint = fingerprint(current);
        List<Future<TargetReachability>> probes = current.stream().map(probe::probe).toList();
        return Future.all(probes).compose(all -> {
            List<TargetReachability> results = all.list();
            latest.clear();
            List<Future<?>> appends = new ArrayList<>();
            for (int i = 0; i < results.size(); i++) {
                TargetReachability r = results.get(i);
                latest.put(r.id(), r);
                String key = r.outcome();
                if (!stopped && !key.equals(recorded.put(r.id(), key))) {
                    appends.add(store.append(entry(current.get(i), r)));
                }
            }
            recorded.keySet().retainAll(latest.keySet());
            if (!stopped) {
                schedule();
                changed.run();
            }
            return Future.all(appends).map(results);
        });
    }

    private EvidenceSealer.Entry entry(Target t, TargetReachability r) {
        ObjectNode details = Json.object()
                .put("targetId", t.id())
                .put("transport", t.transport().wire())
                .put("port", t.port())
                .put("tls", t.tls())
                .put("auth", t.auth())
                .put("account", t.account())
                .put("durationMs", r.durationMs());
        if (r.identity() != null) {
            details.put("identity", r.identity());
        }
        if (r.error() != null) {
            details.put("error", r.error());
        }
        return new EvidenceSealer.Entry(clock.instant(), t.host(), CHECK_ID, EvidenceKind.REMOTE, r.outcome(), details);
    }

    /** The latest result per target, in target order. */
    public List<TargetReachability> latest() {
        return List.copyOf(latest.values());
    }

    /** Stops the periodic rounds; a round in progress ends without recording. */
    public void stop() {
        stopped = true;
        cancelTimer();
    }

    private void schedule() {
        if (interval.isZero() || stopped) {
            return;
        }
        timer = vertx.setTimer(interval.toMillis(), id -> {
            timer = -1;
            probeNow();
        });
    }

    private void cancelTimer() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
            timer = -1;
        }
    }

    /** Identifies the target list including each secret, as a digest held in memory only. */
    private static String fingerprint(List<Target> targets) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Target t : targets) {
                String line = String.join("\u0000", t.id(), t.host(), t.transport().wire(), String.valueOf(t.port()),
                        String.valueOf(t.tls()), t.auth(), t.account(), t.secret().reveal(), String.valueOf(t.pin()));
                sha.update(line.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) '\n');
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
