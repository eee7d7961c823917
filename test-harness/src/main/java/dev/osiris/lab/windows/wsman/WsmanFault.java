package dev.osiris.lab.windows.wsman;

/**
 * A WS-Management fault: HTTP 500 with a SOAP 1.2 Fault and an f:WSManFault code, as Windows sends them.
 */
final class WsmanFault extends RuntimeException {

    static final long OPERATION_TIMEOUT = 2150858793L;
    static final long SHELL_NOT_FOUND = 2150858843L;
    static final long ACTION_NOT_SUPPORTED = 2150858754L;
    static final long INVALID_MESSAGE = 2150858817L;
    static final long QUOTA_EXCEEDED = 2150859174L;
    static final long FILENAME_TOO_LONG = 2147942606L;

    private final String code;
    private final String subcode;
    private final long wsmanCode;

    WsmanFault(String code, String subcode, long wsmanCode, String message) {
        super(message, null, false, false);
        this.code = code;
        this.subcode = subcode;
        this.wsmanCode = wsmanCode;
    }

    static WsmanFault operationTimeout() {
        return new WsmanFault("s:Receiver", "w:TimedOut", OPERATION_TIMEOUT,
                "The WS-Management service cannot complete the operation within the time specified in OperationTimeout.  ");
    }

    static WsmanFault shellNotFound(String shellId) {
        return new WsmanFault("s:Sender", "w:InvalidSelectors", SHELL_NOT_FOUND, "The request for the Windows Remote "
                + "Shell with ShellId " + shellId + " failed because the shell was not found on the server. Possible "
                + "causes are: the specified ShellId is incorrect or the shell no longer exists on the server. Provide "
                + "the correct ShellId or create a new shell and execute the remote command again. ");
    }

    static WsmanFault commandNotFound(String commandId) {
        return new WsmanFault("s:Sender", "w:InvalidSelectors", SHELL_NOT_FOUND, "The request for the Windows Remote "
                + "Shell failed because the command with CommandId " + commandId + " was not found on the server.");
    }

    static WsmanFault invalid(String message) {
        return new WsmanFault("s:Sender", "w:InvalidMessageInformationHeader", INVALID_MESSAGE,
                "The WS-Management service cannot process the request. " + message);
    }

    static WsmanFault unsupported(String what) {
        return new WsmanFault("s:Sender", "a:ActionNotSupported", ACTION_NOT_SUPPORTED,
                "The Windows host emulator does not support " + what + ".");
    }

    String code() {
        return code;
    }

    String subcode() {
        return subcode;
    }

    long wsmanCode() {
        return wsmanCode;
    }
}
