package dev.osiris.agent.time;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramPacket;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.datagram.DatagramSocketOptions;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * An SNTP client (RFC 4330 / 5905 client mode) on Vert.x' non-blocking datagram socket: one request per query on a
 * fresh ephemeral port, an explicit timeout, and only an answer from the server's own address and port that echoes
 * this request's transmit timestamp is taken; others are ignored (an off-path spoofer would have to guess both).
 * Vert.x' datagram socket was chosen over Commons Net's NTPUDPClient, which blocks a thread in receive and does
 * not check where an answer came from.
 */
public final class NtpClient {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Vertx vertx;
    private final Clock clock;
    private final Duration timeout;

    public NtpClient(Vertx vertx, Clock clock, Duration timeout) {
        this.vertx = vertx;
        this.clock = clock;
        this.timeout = timeout;
    }

    /** Asks one server once. Never fails: an unusable answer or none is a {@link ServerSample} saying why. */
    public Future<ServerSample> query(NtpServer server) {
        return resolve(server.host())
                .compose(address -> exchange(server, address),
                        e -> Future.succeededFuture(ServerSample.failed(server, ServerSample.Status.UNREACHABLE, 0,
                                "cannot resolve " + server.host() + ": " + e.getMessage())));
    }

    /**
     * An address literal needs no lookup; a name is resolved by the JVM's resolver on a worker thread, bounded by the
     * timeout (the resolver's own timeout is the system's: a late lookup still holds that worker until it ends).
     */
    private Future<InetAddress> resolve(String host) {
        if (IPV4.matcher(host).matches() || host.indexOf(':') >= 0) {
            try {
                return Future.succeededFuture(InetAddress.getByName(host));
            } catch (java.net.UnknownHostException e) {
                return Future.failedFuture(e);
            }
        }
        return vertx.executeBlocking(() -> InetAddress.getByName(host), false)
                .timeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private Future<ServerSample> exchange(NtpServer server, InetAddress address) {
        boolean v6 = address instanceof Inet6Address;
        DatagramSocket socket = vertx.createDatagramSocket(new DatagramSocketOptions().setIpV6(v6));
        Promise<ServerSample> result = Promise.promise();
        Instant sent = clock.instant();
        // the low 16 bits of the fraction (below 16 µs) are random: the echo proves the answer is to this request
        long transmit = NtpTimestamp.of(sent) ^ (RANDOM.nextInt() & 0xFFFFL);
        int[] ignored = {0};
        ServerSample[] malformed = {null};
        long timer = vertx.setTimer(timeout.toMillis(), t -> result.tryComplete(malformed[0] != null ? malformed[0]
                : ServerSample.failed(server, ServerSample.Status.UNREACHABLE, 0, "no answer within "
                        + timeout.toMillis() + " ms" + (ignored[0] > 0 ? " (" + ignored[0]
                        + " packet(s) from another source or to another request ignored)" : ""))));
        socket.handler(packet -> {
            if (!fromServer(packet, address, server.port())) {
                ignored[0]++;
                return;
            }
            ServerSample sample = answer(server, packet.data().getBytes(), sent, transmit, clock.instant());
            if (sample == null) {
                ignored[0]++;
            } else if (sample.status() == ServerSample.Status.MALFORMED) {
                // a source address can be spoofed: junk must not cut short the wait for the real answer
                malformed[0] = sample;
            } else {
                result.tryComplete(sample);
            }
        });
        socket.listen(0, v6 ? "::" : "0.0.0.0")
                .compose(s -> s.send(Buffer.buffer(NtpPacket.request(transmit)), server.port(), address.getHostAddress()))
                .onFailure(e -> result.tryComplete(ServerSample.failed(server, ServerSample.Status.UNREACHABLE, 0,
                        "cannot send: " + e.getMessage())));
        return result.future().andThen(ar -> {
            vertx.cancelTimer(timer);
            socket.close();
        });
    }

    private static boolean fromServer(DatagramPacket packet, InetAddress address, int port) {
        return packet.sender().port() == port && address.getHostAddress().equals(hostAddress(packet.sender().hostAddress()));
    }

    /** Normalises the sender's text form (e.g. IPv6 zero compression) so that it compares with ours. */
    private static String hostAddress(String text) {
        try {
            return InetAddress.getByName(text).getHostAddress();
        } catch (java.net.UnknownHostException e) {
            return text;
        }
    }

    /**
     * Decodes an answer from the server's address: null when it does not echo this request (ignored, as RFC 5905
     * calls it bogus), otherwise the sample or why there is none. A kiss-of-death counts only when it echoes the
     * request, so that a spoofed one cannot silence a server.
     */
    static ServerSample answer(NtpServer server, byte[] data, Instant sent, long transmit, Instant received) {
        NtpPacket p;
        try {
            p = NtpPacket.parse(data);
        } catch (MalformedNtpAnswer e) {
            return ServerSample.failed(server, ServerSample.Status.MALFORMED, 0, e.getMessage());
        }
        if (p.origin() != transmit) {
            return null;
        }
        if (p.isKissOfDeath()) {
            return ServerSample.failed(server, ServerSample.Status.KISS_OF_DEATH, 0, "kiss-of-death " + p.kissCode());
        }
        if (p.isUnsynchronised()) {
            return ServerSample.failed(server, ServerSample.Status.UNSYNCHRONISED, p.stratum(),
                    "the server is not synchronised (leap " + p.leap() + ", stratum " + p.stratum() + ")");
        }
        Instant t2 = NtpTimestamp.toInstant(p.receive());
        Instant t3 = NtpTimestamp.toInstant(p.transmit());
        double offset = (NtpTimestamp.seconds(sent, t2) + NtpTimestamp.seconds(received, t3)) / 2;
        double delay = NtpTimestamp.seconds(sent, received) - NtpTimestamp.seconds(t2, t3);
        if (NtpTimestamp.seconds(t2, t3) < 0 || delay < -1e-6) {
            return ServerSample.failed(server, ServerSample.Status.MALFORMED, p.stratum(),
                    "timestamps out of order (the server sent before it received, or a negative round trip)");
        }
        return ServerSample.sample(server, offset, Math.max(0, delay), p.rootDelay() / 2 + p.rootDispersion(), p.stratum());
    }
}
