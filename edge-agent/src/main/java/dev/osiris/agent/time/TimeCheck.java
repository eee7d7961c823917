package dev.osiris.agent.time;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.time.Clock;
import java.util.List;

/**
 * One check of this appliance's clock against the configured NTP servers: every server asked at once, each bounded
 * by the timeout, then {@link TimeVerdict#decide}. Reusable wherever a decision depends on the clock (the check-in's
 * report, the health gate after an update).
 */
public final class TimeCheck {

    private final TimeConfig config;
    private final NtpClient client;
    private final Clock clock;

    public TimeCheck(Vertx vertx, TimeConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.client = new NtpClient(vertx, clock, config.timeout());
    }

    /**
     * Asks every server and decides. Never fails; completes within about the timeout. With no servers configured
     * the verdict is untrusted ("no NTP servers configured").
     */
    public Future<TimeVerdict> run() {
        List<Future<ServerSample>> asked = config.servers().stream().map(client::query).toList();
        return Future.join(asked).transform(ar -> Future.succeededFuture(
                TimeVerdict.decide(asked.stream().map(Future::result).toList(), config.maxOffset(), clock.instant())));
    }
}
