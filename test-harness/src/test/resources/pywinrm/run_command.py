"""Runs one command through Debian's pywinrm (Protocol API) and prints a JSON result on stdout.

Argument: a JSON object with url, transport (ntlm|basic|ssl), user, password, and either
"cmd" (a command line) or "ps" (a PowerShell script sent as -EncodedCommand); optional ca,
operation_timeout, read_timeout, encryption (auto|never|always).
"""
import base64
import json
import sys

from winrm.exceptions import InvalidCredentialsError, WinRMError, WinRMOperationTimeoutError, WinRMTransportError
from winrm.protocol import Protocol


def main():
    args = json.loads(sys.argv[1])
    https = args["url"].startswith("https")
    protocol = Protocol(
        endpoint=args["url"],
        transport=args["transport"],
        username=args["user"],
        password=args["password"],
        server_cert_validation="validate" if https else "ignore",
        ca_trust_path=args.get("ca"),
        operation_timeout_sec=args.get("operation_timeout", 20),
        read_timeout_sec=args.get("read_timeout", 30),
        message_encryption=args.get("encryption", "auto"),
    )
    if "ps" in args:
        encoded = base64.b64encode(args["ps"].encode("utf-16-le")).decode("ascii")
        command = "powershell -NoProfile -NonInteractive -EncodedCommand " + encoded
    else:
        command = args["cmd"]
    try:
        shell = protocol.open_shell()
        command_id = protocol.run_command(shell, command)
        out, err, code, done, timeouts = b"", b"", None, False, 0
        while not done:
            try:
                o, e, code, done = protocol._raw_get_command_output(shell, command_id)
                out += o
                err += e
            except WinRMOperationTimeoutError:
                timeouts += 1
        protocol.cleanup_command(shell, command_id)
        protocol.close_shell(shell)
        result = {"stdout": out.decode("utf-8"), "stderr": err.decode("utf-8"), "exit_code": code,
                  "operation_timeouts": timeouts}
    except InvalidCredentialsError as e:
        result = {"error": "InvalidCredentialsError", "message": str(e)}
    except (WinRMTransportError, WinRMError) as e:
        result = {"error": type(e).__name__, "message": str(e)}
    print(json.dumps(result))


if __name__ == "__main__":
    main()
