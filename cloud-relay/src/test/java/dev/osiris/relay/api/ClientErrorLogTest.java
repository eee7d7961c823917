package dev.osiris.relay.api;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;

class ClientErrorLogTest {

    private static final long SECOND = 1_000_000_000L;

    private final AtomicLong clock = new AtomicLong(42 * SECOND);
    private final List<LogRecord> lines = new CopyOnWriteArrayList<>();
    private final ClientErrorLog log = new ClientErrorLog(3, clock::get, capturing());

    private Logger capturing() {
        Logger logger = Logger.getAnonymousLogger();
        logger.setUseParentHandlers(false);
        logger.addHandler(new Handler() {
            @Override
            public void publish(LogRecord record) {
                lines.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        });
        return logger;
    }

    @Test
    void pastTheMinutesLinesTheRestAreCountedAndSummedUpNextMinute() {
        for (int i = 0; i < 10; i++) {
            log.log("127.0.0.1", "malformed request head", null);
        }
        assertThat(lines).hasSize(3);

        clock.addAndGet(60 * SECOND);
        log.log("127.0.0.1", "malformed request head", null);

        assertThat(lines).hasSize(4);
        assertThat(lines.getLast().getMessage()).endsWith("(suppressed 7 client errors in the previous minute)");
    }

    @Test
    void tlsGarbageIsNamedWithoutTheClientsBytes() {
        log.log("a client", "connection failed", new io.netty.handler.ssl.NotSslRecordException(
                "not an SSL/TLS record: 474554202f20485454502f312e310d0a582d4f73697269732d4b65793a206f736b5f"));

        assertThat(lines.getFirst().getMessage())
                .isEqualTo("client error from a client: connection failed (NotSslRecordException: not a TLS record)");
    }

    @Test
    void aCauseBecomesItsClassAndMessageOnOneLineWithoutAStackTrace() {
        log.log("10.0.0.9", "connection error", new IllegalArgumentException("bad\r\nchunk\u0000size"));

        LogRecord line = lines.getFirst();
        assertThat(line.getThrown()).isNull();
        assertThat(line.getMessage()).isEqualTo(
                "client error from 10.0.0.9: connection error (IllegalArgumentException: bad  chunk size)");
    }
}
