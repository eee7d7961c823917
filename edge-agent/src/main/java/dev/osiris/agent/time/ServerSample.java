package dev.osiris.agent.time;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.osiris.protocol.json.Json;

/**
 * What one server said in one check.
 *
 * @param server       the server asked
 * @param status       whether it gave a usable sample, and if not why
 * @param offset       seconds the server's clock is ahead of this one (NaN without a sample)
 * @param delay        round-trip seconds (NaN without a sample)
 * @param rootDistance the server's root delay / 2 + root dispersion, seconds (NaN without a sample)
 * @param stratum      the server's stratum (0 when none was decoded)
 * @param detail       the reason in words, for anything but a sample; null for a sample
 */
public record ServerSample(NtpServer server, Status status, double offset, double delay, double rootDistance,
                           int stratum, String detail) {

    /** A sample's standing; the wire name goes into evidence. */
    public enum Status {
        /** A usable sample (before clock selection). */
        SAMPLE("sample"),
        /** No valid answer within the timeout (also when only answers from another source or to another request came). */
        UNREACHABLE("unreachable"),
        /** Stratum 0: the server asks to be left alone (RATE, DENY, RSTR, ...); never trusted. */
        KISS_OF_DEATH("kiss-of-death"),
        /** An answer that does not decode. */
        MALFORMED("malformed"),
        /** The server itself is not synchronised (leap 3 or stratum 16). */
        UNSYNCHRONISED("unsynchronised");

        private final String wire;

        Status(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }
    }

    static ServerSample sample(NtpServer server, double offset, double delay, double rootDistance, int stratum) {
        return new ServerSample(server, Status.SAMPLE, offset, delay, rootDistance, stratum, null);
    }

    static ServerSample failed(NtpServer server, Status status, int stratum, String detail) {
        return new ServerSample(server, status, Double.NaN, Double.NaN, Double.NaN, stratum, detail);
    }

    public boolean hasSample() {
        return status == Status.SAMPLE;
    }

    ObjectNode toJson() {
        ObjectNode json = Json.object().put("server", server.toString()).put("status", status.wire());
        if (hasSample()) {
            json.put("offsetSeconds", round(offset)).put("delaySeconds", round(delay))
                    .put("rootDistanceSeconds", round(rootDistance)).put("stratum", stratum);
        } else {
            json.put("detail", detail);
        }
        return json;
    }

    /** Microseconds are what NTP over a LAN resolves; more digits would be noise in evidence. */
    static double round(double seconds) {
        return Math.round(seconds * 1e6) / 1e6;
    }
}
