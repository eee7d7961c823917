package dev.osiris.lab.windows.shell.cmdlets;

import static dev.osiris.lab.windows.shell.ps.ParamSpec.named;
import static dev.osiris.lab.windows.shell.ps.ParamSpec.positional;

import dev.osiris.lab.windows.model.CertificateStore;
import dev.osiris.lab.windows.shell.ps.CmdletCall;
import dev.osiris.lab.windows.shell.ps.CmdletRegistry;
import dev.osiris.lab.windows.shell.ps.PsConvert;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/** New-SelfSignedCertificate (PKI module) into Cert:\LocalMachine\My, with the validity Windows gives it. */
final class CertCmdlets {

    private CertCmdlets() {
    }

    static void register(CmdletRegistry r) {
        r.add("New-SelfSignedCertificate", CertCmdlets::selfSigned, positional("DnsName", 0), named("Subject"),
                named("CertStoreLocation"), named("NotAfter"), named("NotBefore"), named("FriendlyName"), named("Type"),
                named("KeyUsage"), named("KeyAlgorithm"), named("KeyLength"), named("KeyExportPolicy"),
                named("HashAlgorithm"), named("TextExtension"));
    }

    private static void selfSigned(CmdletCall c) {
        List<String> dns = c.has("DnsName") ? c.strings("DnsName") : List.of();
        String subject = c.has("Subject") ? c.string("Subject") : dns.isEmpty() ? null : "CN=" + dns.get(0);
        if (subject == null) {
            throw c.error("CertEnroll::CX509Enrollment::_CreateRequest: The subject is empty. 0x80092004",
                    "NotSpecified", "System.Exception,Microsoft.CertificateServices.Commands.NewSelfSignedCertificateCommand");
        }
        if (!subject.regionMatches(true, 0, "CN=", 0, 3) && !subject.contains("=")) {
            subject = "CN=" + subject;
        }
        String store = c.has("CertStoreLocation") ? c.string("CertStoreLocation") : "Cert:\\CurrentUser\\My";
        if (!store.replace('/', '\\').toLowerCase(Locale.ROOT).matches("cert:\\\\localmachine\\\\my\\\\?")) {
            throw c.error("The Windows host emulator creates certificates in Cert:\\LocalMachine\\My only.",
                    "NotImplemented", "EmulatorUnsupported");
        }
        // Windows' defaults: valid from 10 minutes ago for one year
        Instant notBefore = c.has("NotBefore") ? Values.instant(PsConvert.toDate(c.get("NotBefore")))
                : Values.instant(c.now()).minusSeconds(600);
        Instant notAfter = c.has("NotAfter") ? Values.instant(PsConvert.toDate(c.get("NotAfter")))
                : Values.instant(c.now()).plusSeconds(365L * 24 * 3600);
        CertificateStore.Certificate cert = new CertificateStore.Certificate(subject, subject,
                thumbprint(subject + notBefore + System.nanoTime()), notBefore, notAfter,
                c.has("FriendlyName") ? c.string("FriendlyName") : "");
        c.host().certificates().add(cert);
        c.emit(CertItems.toObject(cert));
    }

    private static String thumbprint(String seed) {
        try {
            return HexFormat.of().withUpperCase().formatHex(MessageDigest.getInstance("SHA-1")
                    .digest(seed.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
