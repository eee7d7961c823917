package dev.osiris.relay.app;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import dev.osiris.protocol.checkin.Incident;
import dev.osiris.testing.LoopbackPort;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A real SMTP server (GreenMail) on a fixed loopback port that a test can take down and bring back. */
final class Mailbox implements AutoCloseable {

    final int port;
    private GreenMail server;

    Mailbox() throws IOException {
        port = LoopbackPort.free();
        start();
    }

    void start() {
        server = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        server.start();
    }

    void stop() {
        server.stop();
    }

    /** Every mail received so far whose To names {@code recipient}. */
    List<MimeMessage> to(String recipient) {
        return Arrays.stream(server.getReceivedMessages()).filter(m -> {
            try {
                return Arrays.stream(m.getRecipients(Message.RecipientType.TO))
                        .anyMatch(a -> a.toString().equals(recipient));
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    /** The mail is the critical alert of {@code incident} at {@code siteName}, and carries no key. */
    static void assertAlert(MimeMessage mail, String recipient, String siteName, Incident incident)
            throws MessagingException {
        assertThat(mail.getRecipients(Message.RecipientType.TO)).extracting(Object::toString).containsExactly(recipient);
        assertThat(mail.getSubject()).contains("CRITICAL").contains(siteName).contains(incident.host())
                .contains(incident.runbookId());
        assertThat(GreenMailUtil.getBody(mail)).contains(siteName).contains(incident.host())
                .contains(incident.runbookId()).contains(incident.id()).doesNotContain("osk_").doesNotContain("opk_");
    }

    @Override
    public void close() {
        server.stop();
    }
}
