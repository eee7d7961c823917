package dev.osiris.lab.windows.wsman;

import dev.osiris.lab.windows.model.Account;
import dev.osiris.lab.windows.model.KerberosClock;
import dev.osiris.lab.windows.model.WindowsHost;
import dev.osiris.lab.windows.wsman.ntlm.NtlmException;
import dev.osiris.lab.windows.wsman.ntlm.NtlmServer;
import dev.osiris.lab.windows.wsman.ntlm.NtlmSession;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * POST /wsman: reads the whole body (bounded), authenticates (Basic, or NTLM bound to the TCP connection),
 * opens sealed bodies, hands the SOAP request to the {@link WsmanService}, seals the answer when the request was.
 */
final class WsmanHttpHandler implements Handler<HttpServerRequest> {

    private static final Logger LOG = Logger.getLogger(WsmanHttpHandler.class.getName());
    private static final String SOAP_CONTENT_TYPE = "application/soap+xml;charset=UTF-8";

    /** What the handler needs from the emulator configuration. */
    record Settings(boolean allowBasic, boolean allowNtlm, boolean offerNtlmScheme, boolean allowUnencrypted,
                    int maxRequestBytes, Duration defaultOperationTimeout) {
    }

    private final WindowsHost host;
    private final java.util.List<Account> accounts;
    private final Settings settings;
    private final WsmanService service;
    private final NtlmServer ntlm;
    private final Map<HttpConnection, ConnectionAuth> connections = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.LongAdder ntlmContexts = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder skewRefusals = new java.util.concurrent.atomic.LongAdder();

    WsmanHttpHandler(WindowsHost host, java.util.List<Account> accounts, Settings settings, WsmanService service) {
        this.host = host;
        this.accounts = accounts;
        this.settings = settings;
        this.service = service;
        this.ntlm = new NtlmServer(host.domain(), host.name(), host.dnsDomain());
    }

    @Override
    public void handle(HttpServerRequest req) {
        if (!"/wsman".equalsIgnoreCase(req.path())) {
            plain(req.response(), 404, "Not Found: the WS-Management endpoint is /wsman");
            return;
        }
        if (req.method() != HttpMethod.POST) {
            plain(req.response(), 405, "Method Not Allowed: WS-Management takes POST");
            return;
        }
        String length = req.getHeader("Content-Length");
        if (length != null && parseLong(length) > settings.maxRequestBytes()) {
            tooLarge(req);
            return;
        }
        Buffer body = Buffer.buffer();
        boolean[] aborted = new boolean[1];
        req.handler(chunk -> {
            if (aborted[0]) {
                return;
            }
            if (body.length() + chunk.length() > settings.maxRequestBytes()) {
                aborted[0] = true;
                tooLarge(req);
                return;
            }
            body.appendBuffer(chunk);
        });
        req.endHandler(v -> {
            if (!aborted[0]) {
                process(req, body.getBytes());
            }
        });
    }

    private void tooLarge(HttpServerRequest req) {
        req.response().putHeader("Connection", "close");
        plain(req.response(), 413, "Request Entity Too Large: the emulator accepts at most "
                + settings.maxRequestBytes() + " bytes per request");
        req.connection().close();
    }

    private ConnectionAuth auth(HttpConnection connection) {
        return connections.computeIfAbsent(connection, c -> {
            ConnectionAuth auth = new ConnectionAuth(String.valueOf(c.remoteAddress()));
            c.closeHandler(v -> WireLog.closed(connections.remove(c)));
            return auth;
        });
    }

    private void process(HttpServerRequest req, byte[] body) {
        ConnectionAuth conn = auth(req.connection());
        String authorization = req.getHeader("Authorization");
        Principal principal;
        if (authorization != null) {
            int sp = authorization.indexOf(' ');
            String scheme = sp < 0 ? authorization : authorization.substring(0, sp);
            String token = sp < 0 ? "" : authorization.substring(sp + 1).trim();
            if (scheme.equalsIgnoreCase("Basic") && settings.allowBasic()) {
                Optional<Account> account = basic(token);
                if (account.isEmpty()) {
                    challenge(req.response(), null);
                    return;
                }
                principal = Principal.of(account.get(), host.name());
                if (refusedForSkew(req, conn, principal)) {
                    return;
                }
            } else if ((scheme.equalsIgnoreCase("Negotiate") || scheme.equalsIgnoreCase("NTLM")) && settings.allowNtlm()) {
                Optional<Principal> p = ntlmLeg(req, conn, scheme, token);
                if (p.isEmpty()) {
                    return;
                }
                principal = p.get();
            } else {
                challenge(req.response(), null);
                return;
            }
        } else if (conn.session != null) {
            principal = Principal.of(conn.session.account(), host.name());
        } else {
            WireLog.leg(conn, "401: a request without Authorization before any handshake ("
                    + (EncryptedBody.isEncrypted(req.getHeader("Content-Type")) ? "sealed" : "plain") + " body)");
            challenge(req.response(), null);
            return;
        }
        boolean encrypted = EncryptedBody.isEncrypted(req.getHeader("Content-Type"));
        byte[] xml;
        int seqIn = -1;
        if (encrypted) {
            if (conn.session == null) {
                WireLog.refused(conn, "400: encrypted body on a connection without an NTLM session");
                plain(req.response(), 400, "Bad Request: an encrypted body needs an NTLM-authenticated connection");
                return;
            }
            seqIn = conn.session.seqIn();
            try {
                xml = EncryptedBody.open(body, conn.session);
            } catch (NtlmException e) {
                WireLog.refused(conn, "400: sealed body does not open: " + e.getMessage());
                connections.remove(req.connection());
                plain(req.response(), 400, "Bad Request: " + e.getMessage());
                return;
            }
        } else {
            if (body.length == 0 && conn.session != null) {
                // pywinrm's encryption setup: an empty authenticated POST gets an empty 200
                req.response().setStatusCode(200).putHeader("Content-Length", "0").end();
                return;
            }
            if (!req.isSSL() && !settings.allowUnencrypted()) {
                // Windows with AllowUnencrypted=false refuses plaintext SOAP over HTTP
                challenge(req.response(), null);
                return;
            }
            xml = body;
        }
        NtlmSession seal = encrypted ? conn.session : null;
        SoapRequest soap;
        try {
            soap = SoapRequest.parse(xml, settings.defaultOperationTimeout());
        } catch (WsmanFault f) {
            respond(req, conn, 500, SoapWriter.fault(f, null, host.name()), seal, null);
            return;
        }
        if (seal != null) {
            WireLog.sealedIn(conn, seal, seqIn, soap);
        }
        String address = (req.isSSL() ? "https://" : "http://") + req.authority() + "/wsman";
        io.vertx.core.Promise<Void> clientGone = io.vertx.core.Promise.promise();
        req.response().closeHandler(v -> clientGone.tryComplete());
        service.handle(soap, principal, address, clientGone.future()).onComplete(ar -> {
            if (clientGone.future().isComplete()) {
                return;
            }
            if (ar.succeeded()) {
                respond(req, conn, 200, ar.result(), seal, soap);
            } else if (ar.cause() instanceof WsmanFault f) {
                respond(req, conn, 500, SoapWriter.fault(f, soap.messageId(), host.name()), seal, soap);
            } else {
                LOG.warning("WS-Management request failed: " + ar.cause());
                WsmanFault f = new WsmanFault("s:Receiver", "w:InternalError", 2150858752L,
                        "The Windows host emulator failed: " + ar.cause());
                respond(req, conn, 500, SoapWriter.fault(f, soap.messageId(), host.name()), seal, soap);
            }
        });
    }

    /** One NTLM leg. Returns the principal once the AUTHENTICATE verified; otherwise has already answered 401. */
    private Optional<Principal> ntlmLeg(HttpServerRequest req, ConnectionAuth conn, String scheme, String token) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(token);
        } catch (IllegalArgumentException e) {
            challenge(req.response(), null);
            return Optional.empty();
        }
        int type = NtlmServer.messageType(bytes);
        if (type == 1) {
            WireLog.leg(conn, "NEGOTIATE" + (conn.session == null ? "" : " replaces ctx#" + conn.session.id()));
            conn.session = null;
            conn.pendingChallenge = ntlm.challenge(bytes, host.clock().instant());
            challenge(req.response(), scheme + " " + Base64.getEncoder().encodeToString(conn.pendingChallenge.message()));
            return Optional.empty();
        }
        if (type == 3 && conn.pendingChallenge != null) {
            NtlmServer.Challenge pending = conn.pendingChallenge;
            conn.pendingChallenge = null;
            try {
                Optional<NtlmSession> session = ntlm.authenticate(bytes, pending, accounts, host.name());
                if (session.isPresent()) {
                    Principal principal = Principal.of(session.get().account(), host.name());
                    if (refusedForSkew(req, conn, principal)) {
                        return Optional.empty();
                    }
                    conn.session = session.get();
                    ntlmContexts.increment();
                    WireLog.leg(conn, "AUTHENTICATE ok: ctx#" + conn.session.id() + " for " + conn.session.user());
                    return Optional.of(principal);
                }
            } catch (NtlmException e) {
                LOG.fine("bad NTLM AUTHENTICATE: " + e.getMessage());
            }
        }
        WireLog.refused(conn, "401: NTLM " + (type == 3 ? "AUTHENTICATE does not verify" : "message type " + type
                + (conn.pendingChallenge == null ? " without a pending challenge" : "")));
        conn.session = null;
        challenge(req.response(), null);
        return Optional.empty();
    }

    /**
     * A domain account while the domain's clocks are more than 5 minutes apart: Windows fails the logon
     * (KRB_AP_ERR_SKEW) and WinRM answers a bare 401, as it does for a wrong password. The reason goes to the
     * emulator's log only, as it goes to the DC's event log on Windows.
     */
    private boolean refusedForSkew(HttpServerRequest req, ConnectionAuth conn, Principal principal) {
        Optional<String> refusal = KerberosClock.skewRefusal(host, principal.account());
        if (refusal.isEmpty()) {
            return false;
        }
        skewRefusals.increment();
        WireLog.refused(conn, "401: " + principal.qualified() + ": " + refusal.get());
        conn.session = null;
        challenge(req.response(), null);
        return true;
    }

    /** Domain logons refused for clock skew so far. */
    long skewRefusals() {
        return skewRefusals.sum();
    }

    /** NTLM security contexts established so far (verified AUTHENTICATE messages, one per handshake). */
    long ntlmContexts() {
        return ntlmContexts.sum();
    }

    private Optional<Account> basic(String token) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return Optional.empty();
        }
        String login = decoded.substring(0, colon);
        String password = decoded.substring(colon + 1);
        String domain = "";
        String user = login;
        if (login.contains("\\")) {
            domain = login.substring(0, login.indexOf('\\'));
            user = login.substring(login.indexOf('\\') + 1);
        } else if (login.contains("@")) {
            domain = login.substring(login.indexOf('@') + 1);
            user = login.substring(0, login.indexOf('@'));
        }
        for (Account a : accounts) {
            // Windows allows Basic for local accounts only
            if (a.isLocal() && a.matches(domain, user, host.name()) && a.password().equals(password)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    private void challenge(HttpServerResponse response, String ntlmToken) {
        response.setStatusCode(401);
        // HTTP.sys stamps every answer with the host's own clock: a skewed DC's 401 says how far off it is
        response.headers().set("Date", DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC)
                .plusNanos((long) (host.time().offsetSeconds() * 1e9))));
        if (ntlmToken != null) {
            response.headers().add("WWW-Authenticate", ntlmToken);
        } else {
            if (settings.allowNtlm()) {
                response.headers().add("WWW-Authenticate", "Negotiate");
                if (settings.offerNtlmScheme()) {
                    // winrm4j 0.12.3 then picks its stock NTLM scheme, which never sets up sealing and hangs
                    response.headers().add("WWW-Authenticate", "NTLM");
                }
            }
            if (settings.allowBasic()) {
                response.headers().add("WWW-Authenticate", "Basic realm=\"WSMAN\"");
            }
        }
        response.putHeader("Server", "Microsoft-HTTPAPI/2.0").putHeader("Content-Length", "0").end();
    }

    private void respond(HttpServerRequest req, ConnectionAuth conn, int status, String xml, NtlmSession seal,
                         SoapRequest soap) {
        byte[] plainBytes = xml.getBytes(StandardCharsets.UTF_8);
        HttpServerResponse response = req.response().setStatusCode(status).putHeader("Server", "Microsoft-HTTPAPI/2.0");
        if (seal != null) {
            WireLog.sealedOut(conn, seal, seal.seqOut(), status, soap);
            byte[] sealed = EncryptedBody.seal(plainBytes, seal);
            response.putHeader("Content-Type", EncryptedBody.CONTENT_TYPE).end(Buffer.buffer(sealed));
        } else {
            response.putHeader("Content-Type", SOAP_CONTENT_TYPE).end(Buffer.buffer(plainBytes));
        }
    }

    private static void plain(HttpServerResponse response, int status, String message) {
        response.setStatusCode(status).putHeader("Content-Type", "text/plain;charset=UTF-8")
                .putHeader("Server", "Microsoft-HTTPAPI/2.0").end(message + "\n");
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }
}
