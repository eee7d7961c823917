package dev.osiris.lab.windows.clients;

import io.cloudsoft.winrm4j.client.PayloadEncryptionMode;
import io.cloudsoft.winrm4j.client.ShellCommand;
import io.cloudsoft.winrm4j.client.WinRmClient;
import io.cloudsoft.winrm4j.client.WinRmClientBuilder;
import io.cloudsoft.winrm4j.client.WinRmClientContext;
import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.function.UnaryOperator;

/** Drives the real winrm4j 0.12.3 client (one shell, one command) against the emulator. */
public final class WinRm4j {

    /** What a command returned through winrm4j. */
    public record Result(String stdout, String stderr, int exitCode, int receiveCalls) {
    }

    private static final WinRmClientContext CONTEXT = WinRmClientContext.newInstance();

    private WinRm4j() {
    }

    @SuppressWarnings("deprecation") // retriesForConnectionFailures, getNumberOfReceiveCalls: still the 0.12.3 API
    public static Result run(String url, String scheme, String domain, String user, String password, String command,
                             UnaryOperator<WinRmClientBuilder> tweak) {
        WinRmClientBuilder builder = WinRmClient.builder(url).authenticationScheme(scheme).context(CONTEXT)
                .retriesForConnectionFailures(1);
        builder = domain == null ? builder.credentials(user, password) : builder.credentials(domain, user, password);
        try (WinRmClient client = tweak.apply(builder).build();
             ShellCommand shell = client.createShell()) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = shell.execute(command, out, err);
            return new Result(out.toString(), err.toString(), code, shell.getNumberOfReceiveCalls());
        }
    }

    public static String powershell(String script) {
        return "powershell -NoProfile -NonInteractive -EncodedCommand "
                + Base64.getEncoder().encodeToString(script.getBytes(StandardCharsets.UTF_16LE));
    }

    public static UnaryOperator<WinRmClientBuilder> encryption(PayloadEncryptionMode mode) {
        return b -> b.payloadEncryptionMode(mode);
    }

    /**
     * winrm4j's Basic path ignores its own TLS settings and uses the JVM default trust store; point the
     * JVM at a trust store holding the emulator certificate (before any TLS client is created).
     */
    public static void trustForThisJvm(String certificatePem, Path dir) throws Exception {
        X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(certificatePem.getBytes(StandardCharsets.US_ASCII)));
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setCertificateEntry("winrm-emulator", cert);
        Path file = dir.resolve("emulator-truststore.p12");
        try (var out = Files.newOutputStream(file)) {
            ks.store(out, "changeit".toCharArray());
        }
        System.setProperty("javax.net.ssl.trustStore", file.toString());
        System.setProperty("javax.net.ssl.trustStoreType", "PKCS12");
        System.setProperty("javax.net.ssl.trustStorePassword", "changeit");
    }
}
