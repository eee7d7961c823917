package dev.osiris.lab.windows;

import dev.osiris.lab.windows.model.Account;
import dev.osiris.lab.windows.model.WindowsHost;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Settings of one emulated Windows host's WinRM listener. Immutable; build with {@link #builder(WindowsHost)}.
 *
 * @param accounts          credentials accepted (default: the host's, {@code .\\osiris} and {@code NVDENTAL\\osiris-svc})
 * @param bindHost          address to listen on (127.0.0.1 by default; the lab uses loopback only)
 * @param httpPort          HTTP port (0 = ephemeral, -1 = no HTTP listener)
 * @param httpsPort         HTTPS port (0 = ephemeral, -1 = no HTTPS listener)
 * @param allowBasic        accept Basic (local accounts only, like Windows)
 * @param allowNtlm         accept NTLM/Negotiate (NTLMv2); 401s offer {@code WWW-Authenticate: Negotiate}
 * @param offerNtlmScheme   also offer a bare {@code WWW-Authenticate: NTLM} (default false: real Windows does not,
 *                          and winrm4j 0.12.3 in its default mode then picks its stock NTLM scheme, never sets up
 *                          sealing and hangs; pywinrm works either way). Both schemes are always accepted.
 * @param allowUnencrypted  accept plaintext SOAP over HTTP (Windows' AllowUnencrypted; default false)
 * @param maxRequestBytes   largest request body accepted (413 above)
 * @param maxShellsPerUser  WinRS MaxShellsPerUser quota
 * @param maxOperationTimeout longest a Receive is held, whatever OperationTimeout the client asks for (default 50 s:
 *                          winrm4j's Basic path reads with a fixed 60 s timeout and asks for PT60S, which would race)
 * @param simulatedDuration extra time a command line takes before it runs (e.g. to exercise OperationTimeout)
 * @param shellIdleTimeout  a shell without requests (and with nothing running) for this long is deleted (WinRS
 *                          IdleTimeOut, default 2 h)
 * @param clixmlErrors      PowerShell's stderr as CLIXML ({@code #< CLIXML<Objs>...}) like real Windows under WinRS
 *                          (default true; false: plain "X : message / At line:1 char:1 ..." text)
 */
public record WinRmEmulatorConfig(WindowsHost host, List<Account> accounts, String bindHost, int httpPort, int httpsPort, boolean allowBasic,
                                  boolean allowNtlm, boolean offerNtlmScheme, boolean allowUnencrypted, int maxRequestBytes,
                                  int maxShellsPerUser, Duration maxOperationTimeout,
                                  Function<String, Duration> simulatedDuration, boolean clixmlErrors,
                                  Duration shellIdleTimeout) {

    public WinRmEmulatorConfig {
        Objects.requireNonNull(host, "config.host");
        accounts = List.copyOf(Objects.requireNonNull(accounts, "config.accounts"));
        if (accounts.isEmpty()) {
            throw new IllegalArgumentException("config.accounts: at least one account is needed");
        }
        Objects.requireNonNull(bindHost, "config.bindHost");
        Objects.requireNonNull(maxOperationTimeout, "config.maxOperationTimeout");
        Objects.requireNonNull(simulatedDuration, "config.simulatedDuration");
        Objects.requireNonNull(shellIdleTimeout, "config.shellIdleTimeout");
        if (shellIdleTimeout.toMillis() < 20) {
            throw new IllegalArgumentException("config.shellIdleTimeout: " + shellIdleTimeout + " is below 20 ms");
        }
        if (httpPort < -1 || httpPort > 65535) {
            throw new IllegalArgumentException("config.httpPort: " + httpPort + " is not a port, 0 or -1");
        }
        if (httpsPort < -1 || httpsPort > 65535) {
            throw new IllegalArgumentException("config.httpsPort: " + httpsPort + " is not a port, 0 or -1");
        }
        if (httpPort == -1 && httpsPort == -1) {
            throw new IllegalArgumentException("config: at least one of httpPort/httpsPort must be enabled");
        }
        if (!allowBasic && !allowNtlm) {
            throw new IllegalArgumentException("config: at least one of allowBasic/allowNtlm must be true");
        }
        if (maxRequestBytes < 4096) {
            throw new IllegalArgumentException("config.maxRequestBytes: " + maxRequestBytes + " is below 4096");
        }
        if (maxShellsPerUser < 1) {
            throw new IllegalArgumentException("config.maxShellsPerUser must be at least 1");
        }
    }

    public static Builder builder(WindowsHost host) {
        return new Builder(host);
    }

    /** Defaults: 127.0.0.1, ephemeral HTTP and HTTPS ports, Basic and NTLM on, AllowUnencrypted off. */
    public static final class Builder {
        private final WindowsHost host;
        private List<Account> accounts;
        private String bindHost = "127.0.0.1";
        private int httpPort;
        private int httpsPort;
        private boolean allowBasic = true;
        private boolean allowNtlm = true;
        private boolean offerNtlmScheme;
        private boolean allowUnencrypted;
        private int maxRequestBytes = 512 * 1024;
        private int maxShellsPerUser = 30;
        private Duration maxOperationTimeout = Duration.ofSeconds(50);
        private Function<String, Duration> simulatedDuration = line -> Duration.ZERO;
        // as WinRS returns powershell.exe's errors: #< CLIXML on stderr
        private boolean clixmlErrors = true;
        private Duration shellIdleTimeout = Duration.ofHours(2);

        private Builder(WindowsHost host) {
            this.host = host;
            this.accounts = host.accounts();
        }

        public Builder accounts(List<Account> v) {
            accounts = v;
            return this;
        }

        public Builder bindHost(String v) {
            bindHost = v;
            return this;
        }

        public Builder httpPort(int v) {
            httpPort = v;
            return this;
        }

        public Builder httpsPort(int v) {
            httpsPort = v;
            return this;
        }

        public Builder allowBasic(boolean v) {
            allowBasic = v;
            return this;
        }

        public Builder allowNtlm(boolean v) {
            allowNtlm = v;
            return this;
        }

        public Builder offerNtlmScheme(boolean v) {
            offerNtlmScheme = v;
            return this;
        }

        public Builder allowUnencrypted(boolean v) {
            allowUnencrypted = v;
            return this;
        }

        public Builder maxRequestBytes(int v) {
            maxRequestBytes = v;
            return this;
        }

        public Builder maxShellsPerUser(int v) {
            maxShellsPerUser = v;
            return this;
        }

        public Builder maxOperationTimeout(Duration v) {
            maxOperationTimeout = v;
            return this;
        }

        public Builder simulatedDuration(Function<String, Duration> v) {
            simulatedDuration = v;
            return this;
        }

        public Builder clixmlErrors(boolean v) {
            clixmlErrors = v;
            return this;
        }

        public Builder shellIdleTimeout(Duration v) {
            shellIdleTimeout = v;
            return this;
        }

        public WinRmEmulatorConfig build() {
            return new WinRmEmulatorConfig(host, accounts, bindHost, httpPort, httpsPort, allowBasic, allowNtlm, offerNtlmScheme,
                    allowUnencrypted,
                    maxRequestBytes, maxShellsPerUser, maxOperationTimeout, simulatedDuration, clixmlErrors,
                    shellIdleTimeout);
        }
    }
}
