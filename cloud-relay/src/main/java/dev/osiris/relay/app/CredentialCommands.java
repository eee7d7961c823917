package dev.osiris.relay.app;

import dev.osiris.protocol.checkin.Secret;
import dev.osiris.protocol.checkin.Transport;
import dev.osiris.relay.store.CredentialSpec;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.nio.file.Files;
import java.nio.file.Path;

/** {@code credential add|list|delete}. Secrets come from a file or an environment variable, never from argv. */
@Command(name = "credential", description = "Manage host credentials of a site.")
final class CredentialCommands {

    @ParentCommand
    RelayMain root;

    static final class SecretSource {
        @Option(names = "--secret-file", paramLabel = "FILE", required = true, description = "File holding the password or private key")
        Path file;
        @Option(names = "--secret-env", paramLabel = "VAR", required = true, description = "Environment variable holding the secret")
        String env;

        Secret read() throws Exception {
            String value;
            if (file != null) {
                value = Files.readString(file);
                value = value.endsWith("\n") && !value.contains("-----BEGIN") ? value.stripTrailing() : value;
            } else {
                value = System.getenv(env);
                if (value == null) {
                    throw new IllegalArgumentException("environment variable " + env + " is not set");
                }
            }
            if (value.isEmpty()) {
                throw new IllegalArgumentException("the secret is empty");
            }
            return new Secret(value);
        }
    }

    @Command(name = "add", description = "Add a credential; prints its id.")
    int add(@Option(names = "--site", paramLabel = "SITE", required = true) String siteId,
            @Option(names = "--host", paramLabel = "HOST", required = true) String host,
            @Option(names = "--transport", paramLabel = "TRANSPORT", required = true, description = "winrm or ssh") String transport,
            @Option(names = "--port", paramLabel = "PORT") Integer port,
            @Option(names = "--tls", negatable = true, description = "WinRM over HTTPS (default on, off for port 5985)")
            Boolean tls,
            @Option(names = "--auth", paramLabel = "AUTH", description = "basic|ntlm (winrm), password|key (ssh)") String auth,
            @Option(names = "--account", paramLabel = "ACCOUNT", required = true) String account,
            @ArgGroup(exclusive = true, multiplicity = "1") SecretSource secret,
            @Option(names = "--pin", paramLabel = "SHA256", description = "SHA-256 fingerprint of the host certificate or host key")
            String pin,
            @Option(names = "--accept-cleartext-risk", description = "Accept, for this credential only, that WinRM basic"
                    + " over plain http sends its password in clear text (recorded with your user name and the time;"
                    + " counted as a failing transmission-security control)")
            boolean acceptCleartextRisk) throws Exception {
        Transport t = Transport.fromWire(transport, "--transport");
        int p = port != null ? port : t.defaultPort();
        CredentialSpec spec = new CredentialSpec(host, t, p, tls != null ? tls : !(t == Transport.WINRM && p == 5985),
                auth != null ? auth : t.defaultAuth(), account, secret.read(), pin, acceptCleartextRisk);
        String actor = "relay-cli:" + System.getProperty("user.name");
        String id = root.admin(admin -> admin.addCredential(siteId, spec, actor));
        System.out.println(id);
        return 0;
    }

    @Command(name = "list", description = "List a site's credentials, without secrets (tab-separated).")
    int list(@Option(names = "--site", paramLabel = "SITE", required = true) String siteId) throws Exception {
        root.admin(admin -> admin.listCredentials(siteId)).forEach(c -> System.out.println(c.id() + "\t"
                + c.transport().wire() + "://" + c.account() + "@" + c.host() + ":" + c.port() + "\ttls=" + c.tls()
                + " auth=" + c.auth() + (c.pin() == null ? "" : " pin=" + c.pin()) + "\tsecurity=" + c.security().wire()
                + (c.cleartextRisk() == null ? "" : " cleartext-risk-accepted-by=" + c.cleartextRisk().acceptedBy()
                        + " at=" + c.cleartextRisk().acceptedAt())));
        return 0;
    }

    @Command(name = "delete", description = "Delete a credential.")
    int delete(@Option(names = "--site", paramLabel = "SITE", required = true) String siteId,
               @Parameters(paramLabel = "ID") String credentialId) throws Exception {
        root.admin(admin -> admin.deleteCredential(siteId, credentialId));
        System.out.println("deleted " + credentialId);
        return 0;
    }
}
