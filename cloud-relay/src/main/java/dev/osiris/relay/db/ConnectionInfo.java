package dev.osiris.relay.db;

import io.vertx.pgclient.PgConnectOptions;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Where the relay's PostgreSQL is and how to log in. Parsed once from {@code DATABASE_URL}
 * ({@code postgres://user:pass@host:port/db} or {@code postgresql://...}) or produced by {@link EmbeddedPostgres}.
 * {@link #toString()} leaves the password out.
 */
public record ConnectionInfo(String host, int port, String database, String user, String password) {

    public static ConnectionInfo parseUrl(String url) {
        URI uri;
        try {
            uri = URI.create(url.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("DATABASE_URL is not a URL");
        }
        String scheme = uri.getScheme();
        if (!"postgres".equals(scheme) && !"postgresql".equals(scheme)) {
            throw new IllegalArgumentException("DATABASE_URL must start with postgres:// or postgresql://");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("DATABASE_URL has no host");
        }
        String user = "postgres";
        String password = "";
        String info = uri.getRawUserInfo();
        if (info != null) {
            int colon = info.indexOf(':');
            user = decode(colon < 0 ? info : info.substring(0, colon));
            password = colon < 0 ? "" : decode(info.substring(colon + 1));
        }
        String path = uri.getRawPath();
        String database = path == null || path.length() <= 1 ? user : decode(path.substring(1));
        return new ConnectionInfo(uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort(), database, user, password);
    }

    private static String decode(String text) {
        return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    public PgConnectOptions pgOptions() {
        return new PgConnectOptions().setHost(host).setPort(port).setDatabase(database).setUser(user)
                .setPassword(password).setCachePreparedStatements(true)
                .setPreparedStatementCacheMaxSize(64).setPipeliningLimit(256);
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    @Override
    public String toString() {
        return "postgresql://" + user + "@" + host + ":" + port + "/" + database;
    }
}
