package dev.osiris.lab.windows.shell.ps;

import dev.osiris.lab.windows.shell.NativeCommand;
import dev.osiris.lab.windows.shell.ShellContext;
import dev.osiris.lab.windows.shell.ShellOutput;
import java.util.List;
import java.util.function.Consumer;

/** Runs a native program from PowerShell: its stdout lines become pipeline strings, stderr passes through. */
final class NativeOutput {

    private NativeOutput() {
    }

    static int run(NativeCommand cmd, List<String> args, ShellContext ctx, Consumer<Object> out)
            throws InterruptedException {
        StringBuilder captured = new StringBuilder();
        ShellOutput capture = new ShellOutput() {
            @Override
            public void stdout(String text) {
                captured.append(text);
            }

            @Override
            public void stderr(String text) {
                ctx.output().stderr(text);
            }
        };
        int code = cmd.run(args, ctx.withOutput(capture));
        String text = captured.toString();
        if (!text.isEmpty()) {
            String[] lines = text.split("\r?\n", -1);
            int n = lines.length;
            if (n > 0 && lines[n - 1].isEmpty()) {
                n--;
            }
            for (int i = 0; i < n; i++) {
                out.accept(lines[i]);
            }
        }
        return code;
    }
}
