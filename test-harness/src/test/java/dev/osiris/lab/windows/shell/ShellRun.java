package dev.osiris.lab.windows.shell;

import dev.osiris.lab.windows.model.WindowsHost;

/** Runs a command line against a host model in-process and captures the result. */
public record ShellRun(String stdout, String stderr, int exitCode) {

    private static final WindowsShell SHELL = new WindowsShell();

    public static ShellRun cmd(WindowsHost host, String commandLine) {
        StringBuilder out = new StringBuilder();
        StringBuilder err = new StringBuilder();
        ShellOutput output = new ShellOutput() {
            @Override
            public void stdout(String text) {
                out.append(text);
            }

            @Override
            public void stderr(String text) {
                err.append(text);
            }
        };
        ShellContext ctx = new ShellContext(host, "NVDENTAL", "osiris-svc", output, Sleeper.INSTANT);
        int code = SHELL.run(commandLine, ctx);
        return new ShellRun(out.toString(), err.toString(), code);
    }

    public static ShellRun ps(WindowsHost host, String script) {
        String encoded = java.util.Base64.getEncoder().encodeToString(
                script.getBytes(java.nio.charset.StandardCharsets.UTF_16LE));
        return cmd(host, "powershell -NoProfile -NonInteractive -EncodedCommand " + encoded);
    }
}
