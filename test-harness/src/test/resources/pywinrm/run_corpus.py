"""Runs many commands through Debian's pywinrm (Protocol API), one shell, one command each, and prints a JSON list.

Argument: the path of a JSON file with url, transport (ntlm|basic|ssl), user, password, optional ca, and
"commands": a list of {"id", and "cmd" (a command line) or "ps" (a PowerShell script sent as -EncodedCommand)}.
Each result has id, stdout, stderr (raw, as WinRS sent it), exit_code, or error and message.
"""
import base64
import json
import sys

from winrm.exceptions import WinRMError, WinRMOperationTimeoutError, WinRMTransportError
from winrm.protocol import Protocol


def command_line(entry):
    if "ps" in entry:
        encoded = base64.b64encode(entry["ps"].encode("utf-16-le")).decode("ascii")
        return "powershell -NoProfile -NonInteractive -EncodedCommand " + encoded
    return entry["cmd"]


def run(protocol, shell, entry):
    command_id = protocol.run_command(shell, command_line(entry))
    out, err, code, done = b"", b"", None, False
    while not done:
        try:
            o, e, code, done = protocol._raw_get_command_output(shell, command_id)
            out += o
            err += e
        except WinRMOperationTimeoutError:
            pass
    protocol.cleanup_command(shell, command_id)
    return {"id": entry["id"], "stdout": out.decode("utf-8"), "stderr": err.decode("utf-8"), "exit_code": code}


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        args = json.load(f)
    https = args["url"].startswith("https")
    protocol = Protocol(
        endpoint=args["url"],
        transport=args["transport"],
        username=args["user"],
        password=args["password"],
        server_cert_validation="validate" if https else "ignore",
        ca_trust_path=args.get("ca"),
        operation_timeout_sec=20,
        read_timeout_sec=30,
    )
    shell = protocol.open_shell()
    results = []
    for entry in args["commands"]:
        try:
            results.append(run(protocol, shell, entry))
        except (WinRMTransportError, WinRMError) as e:
            results.append({"id": entry["id"], "error": type(e).__name__, "message": str(e)})
    protocol.close_shell(shell)
    print(json.dumps(results))


if __name__ == "__main__":
    main()
