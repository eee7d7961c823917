package dev.osiris.agent.remote;

import dev.osiris.agent.tls.CertificatePin;
import dev.osiris.agent.tls.PinningTrustManager;
import dev.osiris.agent.remote.RemoteFailure.Reason;
import dev.osiris.protocol.checkin.Target;
import io.cloudsoft.winrm4j.client.PayloadEncryptionMode;
import io.cloudsoft.winrm4j.client.WinRmClient;
import io.cloudsoft.winrm4j.client.WinRmClientBuilder;
import io.cloudsoft.winrm4j.client.WinRmClientContext;
import io.cloudsoft.winrm4j.client.retry.SimpleCounterRetryPolicy;
import org.apache.cxf.configuration.jsse.TLSClientParameters;
import org.apache.cxf.frontend.ClientProxy;
import org.apache.cxf.transport.http.HTTPConduit;
import org.apache.cxf.transport.http.asyncclient.AsyncHTTPConduitFactory;
import org.apache.cxf.transports.http.configuration.HTTPClientPolicy;

import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import java.lang.reflect.Field;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Builds and configures winrm4j clients, and maps winrm4j/CXF exceptions to {@link RemoteFailure}s.
 *
 * <p>winrm4j 0.12.3 applies its timeout and TLS settings only on its NTLM/Kerberos path: with Basic the CXF
 * defaults (60 s read, 30 s connect, JVM trust store, no pin) would win. So after building, the CXF conduit of
 * every client is configured here directly, for both schemes: explicit timeouts, and our trust managers.
 *
 * <p>NTLM over plain HTTP needs winrm4j's message sealing (Windows refuses unencrypted SOAP on 5985 by default).
 * In that mode winrm4j does not notice a refused password (the call would stall until a timeout), so
 * {@link NtlmCredentialProbe} checks the password first and a refusal is AUTHENTICATION within the connect timeout.
 */
final class WinRmClients {

    private static final long MAX_RECEIVE_POLL_MS = 10_000;

    private WinRmClients() {
    }

    static WinRmClient build(Target target, URI endpoint, RemoteConfig config, WinRmClientContext context,
                             WinRmRemoteShell.CommandDeadline deadline) throws Exception {
        Account account = Account.parse(target.account());
        long connectMs = config.connectTimeout().toMillis();
        // WS-Man OperationTimeout: how long the host may hold a Receive. It is also how often a running command's
        // deadline is checked (winrm4j asks our predicate only when a Receive times out), hence the 10 s cap
        long operationMs = Math.min(config.operationTimeout().toMillis(), MAX_RECEIVE_POLL_MS);
        long receiveMs = config.operationTimeout().toMillis() + 5_000; // HTTP read: the held Receive plus slack
        TrustManager[] trust = trustManagers(target.pin());
        WinRmClientBuilder builder = WinRmClient.builder(endpoint.toURL())
                .authenticationScheme(WinRmRemoteShell.authScheme(target.auth()))
                .credentials(account.domain(), account.user(), target.secret().reveal())
                .operationTimeout(operationMs)
                .connectionTimeout(connectMs)
                .connectionRequestTimeout(connectMs)
                .receiveTimeout(receiveMs)
                .retryReceiveAfterOperationTimeout(deadline::retryReceive)
                // no silent retries (default: one after 5 s): a re-sent Receive loses output, and a failure
                // must surface within the deadlines; the next scan is the retry
                .failureRetryPolicy(new SimpleCounterRetryPolicy(0, 0, TimeUnit.MILLISECONDS))
                .locale(Locale.US)
                .context(context);
        if ("ntlm".equals(target.auth()) && "https".equals(endpoint.getScheme())) {
            // TLS already protects the payload (Windows accepts plain SOAP over HTTPS, as pywinrm sends it), and
            // without NTLM sealing a refused password fails at once instead of stalling until the read timeout
            builder.payloadEncryptionMode(PayloadEncryptionMode.OFF);
        }
        if (target.pin() != null) {
            javax.net.ssl.SSLContext ssl = javax.net.ssl.SSLContext.getInstance("TLS");
            ssl.init(null, trust, null);
            builder.sslContext(ssl).hostnameVerifier((host, session) -> true);
        }
        WinRmClient client = builder.build();
        oneConnection(builder);
        configureConduit(client, connectMs, receiveMs, trust, target.pin() != null);
        return client;
    }

    /**
     * At most one TCP connection per client. winrm4j keeps one NTLM security context per client (its credentials
     * object: keys, RC4 states, sequence numbers), while Windows binds the context to the TCP connection. CXF's
     * HTTP pool (up to 1000 connections per host by default) opens a second connection whenever the previous
     * exchange's connection is not back in the pool yet; that one re-handshakes, which resets the client's only
     * context, and the next message sent on the first connection carries keys and a sequence number the host's
     * context there does not know: "signature or sequence number does not verify". With one connection per client
     * the next request waits for it (bounded by the connection-request timeout), and a lost connection is replaced
     * by a new one with a new handshake, never used beside an old one. One connection needs one I/O thread.
     */
    private static void oneConnection(WinRmClientBuilder builder) throws ReflectiveOperationException {
        Field field = WinRmClientBuilder.class.getDeclaredField("endpointConduitFactory");
        field.setAccessible(true);
        AsyncHTTPConduitFactory factory = (AsyncHTTPConduitFactory) field.get(builder);
        if (factory != null) {
            factory.update(Map.of(AsyncHTTPConduitFactory.MAX_CONNECTIONS, 1,
                    AsyncHTTPConduitFactory.MAX_PER_HOST_CONNECTIONS, 1,
                    AsyncHTTPConduitFactory.THREAD_COUNT, 1));
        }
    }

    private static void configureConduit(WinRmClient client, long connectMs, long receiveMs, TrustManager[] trust,
                                         boolean pinned) throws ReflectiveOperationException {
        Field service = WinRmClient.class.getDeclaredField("service");
        service.setAccessible(true);
        HTTPConduit conduit = (HTTPConduit) ClientProxy.getClient(service.get(client)).getConduit();
        HTTPClientPolicy policy = conduit.getClient();
        policy.setConnectionTimeout(connectMs);
        policy.setConnectionRequestTimeout(connectMs);
        policy.setReceiveTimeout(receiveMs);
        TLSClientParameters tls = new TLSClientParameters();
        tls.setTrustManagers(trust);
        // a pinned certificate is identified by its hash, not by the name in it
        tls.setDisableCNCheck(pinned);
        conduit.setTlsClientParameters(tls);
    }

    static TrustManager[] trustManagers(String pin) throws GeneralSecurityException {
        if (pin != null) {
            return new TrustManager[] {new PinningTrustManager(CertificatePin.of(pin), "server", "the target's pin")};
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init((KeyStore) null);
        return factory.getTrustManagers();
    }

    /**
     * An HTTP 401 in an error's text: the number on its own, not a part of a port ({@code 127.0.0.1:40155}), an
     * address or another number, which once turned a garbage answer on such a port into "refused the credentials".
     */
    private static final Pattern HTTP_401 = Pattern.compile("(?<![\\w.:])401(?![\\w.])");

    static RemoteFailure classify(Target target, Throwable error, boolean connecting) {
        if (error instanceof RemoteFailure f) {
            return f;
        }
        var network = NetworkFailures.find(error, target.toString(), connecting);
        if (network.isPresent()) {
            return network.get();
        }
        String chain = messages(error);
        if (HTTP_401.matcher(chain).find() || chain.contains("unauthorized") || chain.contains("invalid credentials")
                || chain.contains("authorization loop")) {
            return new RemoteFailure(Reason.AUTHENTICATION, target + ": the host refused the credentials", error);
        }
        if (chain.contains("timed out") || chain.contains("timeout")) {
            return new RemoteFailure(connecting ? Reason.CONNECT_TIMEOUT : Reason.TIMEOUT,
                    target + ": " + NetworkFailures.describe(error), error);
        }
        return new RemoteFailure(Reason.PROTOCOL, target + ": unexpected WinRM answer: " + firstLine(chain), error);
    }

    private static String messages(Throwable error) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = error; t != null && all.length() < 4000; t = t.getCause()) {
            all.append(t.getClass().getSimpleName()).append(": ").append(t.getMessage()).append(" | ");
            if (t.getCause() == t) {
                break;
            }
        }
        return all.toString().toLowerCase(Locale.ROOT);
    }

    private static String firstLine(String text) {
        String line = text.lines().findFirst().orElse(text);
        return line.length() > 300 ? line.substring(0, 300) : line;
    }

    static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception | LinkageError ignored) {
            // best effort: the host may be gone; the shell then expires there on its idle timeout
        }
    }

    /** {@code .&#92;user}, {@code DOMAIN&#92;user} or {@code user@domain}, split the way winrm4j wants it. */
    record Account(String domain, String user) {
        static Account parse(String account) {
            int slash = account.indexOf('\\');
            if (slash < 0) {
                return new Account(null, account);
            }
            String domain = account.substring(0, slash);
            String user = account.substring(slash + 1);
            return new Account(domain.equals(".") || domain.isEmpty() ? null : domain, user);
        }
    }
}
