package dev.osiris.relay.alerts;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.mail.LoginOption;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.MailMessage;
import io.vertx.ext.mail.StartTLSOptions;

import java.util.Set;
import java.util.concurrent.TimeUnit;

/** {@link AlertSender} over SMTP with vertx-mail-client: one connection per mail, every step under the timeout. */
public final class SmtpAlertSender implements AlertSender, AutoCloseable {

    private final MailClient client;
    private final SmtpConfig config;

    public SmtpAlertSender(Vertx vertx, SmtpConfig config) {
        this.client = MailClient.create(vertx, mailConfig(config));
        this.config = config;
    }

    static MailConfig mailConfig(SmtpConfig c) {
        int timeoutMs = (int) Math.min(Integer.MAX_VALUE, c.timeout().toMillis());
        MailConfig mail = new MailConfig().setHostname(c.host()).setPort(c.port())
                .setStarttls(c.starttls() ? StartTLSOptions.REQUIRED : StartTLSOptions.DISABLED)
                .setKeepAlive(false)
                .setConnectTimeout(timeoutMs)
                .setIdleTimeout(timeoutMs).setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
                .setEnabledSecureTransportProtocols(Set.of("TLSv1.2", "TLSv1.3"));
        // The server's certificate must name the configured host: STARTTLS without it would let anyone on the
        // path read alerts and the SMTP password.
        mail.setHostnameVerificationAlgorithm("HTTPS");
        if (c.username().isPresent()) {
            mail.setLogin(LoginOption.REQUIRED).setUsername(c.username().get())
                    .setPassword(c.password().orElseThrow().reveal());
        } else {
            mail.setLogin(LoginOption.DISABLED);
        }
        return mail;
    }

    @Override
    public Future<Void> send(AlertMail mail) {
        MailMessage message = new MailMessage().setFrom(config.from()).setTo(mail.to()).setSubject(mail.subject())
                .setText(mail.text());
        return client.sendMail(message).timeout(config.timeout().toMillis(), TimeUnit.MILLISECONDS).mapEmpty();
    }

    @Override
    public void close() {
        client.close();
    }
}
