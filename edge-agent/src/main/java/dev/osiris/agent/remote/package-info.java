/**
 * Remote execution: running scripts on a site's managed hosts over WinRM (PowerShell) and SSH (POSIX shell).
 *
 * <p>{@link dev.osiris.agent.remote.RemoteShells} opens a {@link dev.osiris.agent.remote.RemoteShell} per
 * {@link dev.osiris.protocol.checkin.Target} and scan; each shell keeps one authenticated connection (WinRM: one
 * client and one remote cmd shell; SSH: one connection, a session per script). Both libraries (winrm4j, sshj)
 * block, so each transport runs on its own bounded worker pool with explicit library timeouts plus a hard
 * deadline per call. Every failure is a {@link dev.osiris.agent.remote.RemoteFailure} whose
 * {@link dev.osiris.agent.remote.RemoteFailure.Reason} word goes into evidence and status. Credentials are used
 * for the one library call that needs them and never appear in messages.
 */
package dev.osiris.agent.remote;
