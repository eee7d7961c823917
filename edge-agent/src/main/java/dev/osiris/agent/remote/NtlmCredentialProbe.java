package dev.osiris.agent.remote;

import dev.osiris.agent.remote.RemoteFailure.Reason;
import dev.osiris.protocol.checkin.Target;
import io.cloudsoft.winrm4j.client.ntlm.NtlmMasqAsSpnegoSchemeFactory;
import org.apache.http.auth.AuthSchemeProvider;
import org.apache.http.auth.AuthScope;
import org.apache.http.auth.NTCredentials;
import org.apache.http.client.config.AuthSchemes;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpPost;
import org.apache.http.config.RegistryBuilder;
import org.apache.http.entity.ByteArrayEntity;
import org.apache.http.entity.ContentType;
import org.apache.http.impl.client.BasicCredentialsProvider;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.util.EntityUtils;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * Checks the password before winrm4j's sealed NTLM over plain HTTP is used: winrm4j does not notice a 401 to its
 * AUTHENTICATE in that mode and stalls until a timeout, so a wrong password would end as a timeout. This runs
 * the NTLM handshake on a POST with an empty body, as pywinrm sets up its message encryption: Windows answers
 * 200 (empty) once the AUTHENTICATE verifies and 401 when it does not. Nothing else is sent on that connection.
 */
final class NtlmCredentialProbe {

    private NtlmCredentialProbe() {
    }

    /**
     * Throws a {@link RemoteFailure} with {@link Reason#AUTHENTICATION} when the host refuses the credentials;
     * returns when it accepts them, and also on any other answer (winrm4j's own call then reports what it finds).
     *
     * @throws IOException when the host cannot be reached within {@code timeout}
     */
    static void check(Target target, URI endpoint, String domain, String user, String password, Duration timeout)
            throws IOException {
        int ms = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        BasicCredentialsProvider credentials = new BasicCredentialsProvider();
        credentials.setCredentials(AuthScope.ANY, new NTCredentials(user, password, null, domain));
        RequestConfig config = RequestConfig.custom()
                // every wait of the probe bounded by the connect timeout: it is part of connecting
                .setConnectTimeout(ms).setSocketTimeout(ms).setConnectionRequestTimeout(ms)
                // Windows offers Negotiate; raw NTLM tokens under that name, as winrm4j sends them
                .setTargetPreferredAuthSchemes(List.of(AuthSchemes.SPNEGO))
                .build();
        try (CloseableHttpClient http = HttpClients.custom()
                .setDefaultAuthSchemeRegistry(RegistryBuilder.<AuthSchemeProvider>create()
                        .register(AuthSchemes.SPNEGO, new NtlmMasqAsSpnegoSchemeFactory()).build())
                .setDefaultCredentialsProvider(credentials)
                .setDefaultRequestConfig(config)
                .disableAutomaticRetries()
                .disableCookieManagement()
                .build()) {
            HttpPost post = new HttpPost(endpoint);
            post.setEntity(new ByteArrayEntity(new byte[0], ContentType.create("application/soap+xml", "UTF-8")));
            try (CloseableHttpResponse response = http.execute(post)) {
                EntityUtils.consumeQuietly(response.getEntity());
                if (response.getStatusLine().getStatusCode() == 401) {
                    throw new RemoteFailure(Reason.AUTHENTICATION, target + ": the host refused the credentials");
                }
            }
        }
    }
}
