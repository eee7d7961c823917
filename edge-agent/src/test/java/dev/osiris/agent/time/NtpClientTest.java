package dev.osiris.agent.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramPacket;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.junit5.VertxExtension;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The client over real UDP on loopback against small responders written here (not real NTP servers: those run in
 * {@code NtpLabIT}): what it takes, what it ignores, and its timeout.
 */
@ExtendWith(VertxExtension.class)
class NtpClientTest {

    private static final Duration TIMEOUT = Duration.ofMillis(400);

    private DatagramSocket server;
    private DatagramSocket impostor;

    @AfterEach
    void close() {
        if (server != null) {
            server.close().await();
        }
        if (impostor != null) {
            impostor.close().await();
        }
    }

    /** A responder on 127.0.0.1 that answers each request as {@code answer} says (the request and the socket given). */
    private NtpServer respond(Vertx vertx, BiConsumer<DatagramPacket, DatagramSocket> answer) {
        server = vertx.createDatagramSocket();
        server.handler(p -> answer.accept(p, server));
        server.listen(0, "127.0.0.1").await();
        return new NtpServer("127.0.0.1", server.localAddress().port());
    }

    private static long origin(DatagramPacket request) {
        return ByteBuffer.wrap(request.data().getBytes()).getLong(40);
    }

    private static void reply(DatagramSocket from, DatagramPacket to, byte[] data) {
        from.send(Buffer.buffer(data), to.sender().port(), to.sender().host());
    }

    private static ServerSample ask(Vertx vertx, NtpServer s) {
        return new NtpClient(vertx, Clock.systemUTC(), TIMEOUT).query(s).await();
    }

    @Test
    void takesAGoodAnswerFromTheServersAddressAndPort(Vertx vertx) {
        NtpServer s = respond(vertx, (req, sock) -> reply(sock, req, NtpAnswers.answer(origin(req), Instant.now(), 0.75)));
        ServerSample sample = ask(vertx, s);
        assertThat(sample.status()).isEqualTo(ServerSample.Status.SAMPLE);
        // NTP's own error bound: the true offset lies within half the round trip of the measured one
        assertThat(sample.offset()).isCloseTo(0.75, offset(sample.delay() / 2 + 0.001));
    }

    @Test
    void ignoresAnAnswerFromAnotherPortAndTakesTheRealOne(Vertx vertx) {
        impostor = vertx.createDatagramSocket();
        impostor.listen(0, "127.0.0.1").await();
        NtpServer s = respond(vertx, (req, sock) -> {
            // the impostor answers first, a day ahead, echoing the request; the server answers after it
            impostor.send(Buffer.buffer(NtpAnswers.answer(origin(req), Instant.now(), 86_400)), req.sender().port(),
                    req.sender().host()).onComplete(ar -> reply(sock, req, NtpAnswers.answer(origin(req), Instant.now(), 0)));
        });
        ServerSample sample = ask(vertx, s);
        assertThat(sample.status()).isEqualTo(ServerSample.Status.SAMPLE);
        assertThat(sample.offset()).isCloseTo(0, offset(sample.delay() / 2 + 0.001));
    }

    @Test
    void onlyAnswersFromAnotherSourceMeanUnreachable(Vertx vertx) {
        impostor = vertx.createDatagramSocket();
        impostor.listen(0, "127.0.0.1").await();
        NtpServer s = respond(vertx, (req, sock) -> impostor.send(
                Buffer.buffer(NtpAnswers.answer(origin(req), Instant.now(), 86_400)), req.sender().port(), req.sender().host()));
        ServerSample sample = ask(vertx, s);
        assertThat(sample.status()).isEqualTo(ServerSample.Status.UNREACHABLE);
        assertThat(sample.detail()).contains("1 packet(s) from another source or to another request ignored");
    }

    @Test
    void aSilentServerIsUnreachableAfterTheTimeout(Vertx vertx) {
        NtpServer s = respond(vertx, (req, sock) -> { });
        long started = System.nanoTime();
        ServerSample sample = ask(vertx, s);
        assertThat(sample.status()).isEqualTo(ServerSample.Status.UNREACHABLE);
        assertThat(sample.detail()).isEqualTo("no answer within 400 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(TIMEOUT);
    }

    @Test
    void junkFromTheServerIsMalformedNotTrusted(Vertx vertx) {
        NtpServer s = respond(vertx, (req, sock) -> reply(sock, req, new byte[] {0x24, 1, 2}));
        ServerSample sample = ask(vertx, s);
        assertThat(sample.status()).isEqualTo(ServerSample.Status.MALFORMED);
        assertThat(sample.hasSample()).isFalse();
    }

    @Test
    void aKissOfDeathEndsTheQueryWithoutASample(Vertx vertx) {
        NtpServer s = respond(vertx, (req, sock) -> reply(sock, req, NtpAnswers.kissOfDeath(origin(req), "RATE")));
        ServerSample sample = ask(vertx, s);
        assertThat(sample.status()).isEqualTo(ServerSample.Status.KISS_OF_DEATH);
        assertThat(sample.detail()).isEqualTo("kiss-of-death RATE");
    }
}
