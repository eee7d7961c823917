package dev.osiris.lab.windows.shell.cmdlets;

import dev.osiris.lab.windows.model.CertificateStore;
import dev.osiris.lab.windows.shell.ps.CmdletCall;
import dev.osiris.lab.windows.shell.ps.PsObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The Cert:\ provider, LocalMachine\My only (other stores are empty). */
final class CertItems {

    private CertItems() {
    }

    /** "cert:\localmachine\my" parts after the drive. */
    private static List<String> parts(String path) {
        String p = path.substring(5).replace('/', '\\');
        List<String> out = new ArrayList<>();
        for (String s : p.split("\\\\")) {
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return out;
    }

    static boolean isStore(String path) {
        return parts(path).size() < 3;
    }

    private static boolean isMachineMy(List<String> parts) {
        return parts.size() >= 2 && parts.get(0).equalsIgnoreCase("LocalMachine") && parts.get(1).equalsIgnoreCase("My");
    }

    static boolean exists(CmdletCall c, String path) {
        List<String> parts = parts(path);
        if (parts.size() < 3) {
            return parts.isEmpty() || parts.get(0).equalsIgnoreCase("LocalMachine") || parts.get(0).equalsIgnoreCase("CurrentUser");
        }
        return isMachineMy(parts) && c.host().certificates().all().stream()
                .anyMatch(x -> x.thumbprint().equalsIgnoreCase(parts.get(2)));
    }

    static List<PsObject> items(CmdletCall c, String path, boolean children) {
        List<String> parts = parts(path);
        List<PsObject> out = new ArrayList<>();
        if (parts.size() < 2) {
            throw c.error("The Windows host emulator lists certificates of Cert:\\LocalMachine\\My only.",
                    "NotImplemented", "EmulatorUnsupported");
        }
        if (!isMachineMy(parts)) {
            return out;
        }
        for (CertificateStore.Certificate cert : c.host().certificates().all()) {
            if (parts.size() < 3 || cert.thumbprint().equalsIgnoreCase(parts.get(2))) {
                out.add(toObject(cert));
            }
        }
        if (parts.size() >= 3 && out.isEmpty()) {
            throw c.notFound("Cannot find path '" + path + "' because it does not exist.", path);
        }
        return out;
    }

    static boolean remove(CmdletCall c, String path) {
        List<String> parts = parts(path);
        return parts.size() >= 3 && isMachineMy(parts) && c.host().certificates().remove(parts.get(2));
    }

    static PsObject toObject(CertificateStore.Certificate cert) {
        return PsObject.of("System.Security.Cryptography.X509Certificates.X509Certificate2")
                .with("Subject", cert.subject()).with("Issuer", cert.issuer())
                .with("Thumbprint", cert.thumbprint().toUpperCase(Locale.ROOT))
                .with("NotBefore", Values.date(cert.notBefore())).with("NotAfter", Values.date(cert.notAfter()))
                .with("FriendlyName", cert.friendlyName()).with("HasPrivateKey", true)
                .with("PSPath", "Microsoft.PowerShell.Security\\Certificate::LocalMachine\\My\\" + cert.thumbprint());
    }
}
