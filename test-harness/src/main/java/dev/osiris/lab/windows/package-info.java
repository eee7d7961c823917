/**
 * The lab's Windows host emulator: a real WS-Management (WinRM) server in front of a model of one Windows
 * host's security state, so the edge agent, runbooks and chaos attacks run against something both
 * winrm4j 0.12.3 and pywinrm 0.3.0 accept.
 *
 * <ul>
 *   <li>{@link dev.osiris.lab.windows.model.WindowsHost}: the state model (plain Java, thread-safe) with compliant
 *       presets {@code domainController("NVDC01")}, {@code workstation("NVWS01")}, {@code serverCore("NVSRV01")}.</li>
 *   <li>{@link dev.osiris.lab.windows.WinRmEmulator#start}: HTTP and HTTPS listeners (TLS 1.2/1.3, self-signed per
 *       start), Basic and NTLMv2 with MS-WSMV sealing, Create/Command/Receive/Signal/Delete, OperationTimeout
 *       faults, size limits, loud faults for anything else.</li>
 *   <li>{@link dev.osiris.lab.windows.shell.WindowsShell}: runs WinRS command lines: cmd semantics, natives
 *       (auditpol, net, netsh, reg, sc, secedit, w32tm, wevtutil, manage-bde, MpCmdRun, wusa, wbadmin, hostname,
 *       whoami) and
 *       {@code powershell -EncodedCommand|-Command} through a small PowerShell tokenizer, parser and interpreter
 *       whose cmdlets act on the model. Unknown commands, parameters or syntax fail with exit code 1 and a
 *       PowerShell-style error; command lines over 8191 characters fail like cmd.exe.</li>
 * </ul>
 *
 * Deliberate differences from Windows: output is UTF-8 (not code page 437); PowerShell stderr is CLIXML as WinRS
 * sends it (plain text when {@code clixmlErrors} is off); what is not modelled is refused naming it (see
 * WINDOWS-EMULATOR.md); default formatting is a simple "Name : Value" list; one flat variable scope;
 * no do/until, classes or traps; functions share the script scope; Set-StrictMode is accepted, not enforced.
 */
package dev.osiris.lab.windows;
