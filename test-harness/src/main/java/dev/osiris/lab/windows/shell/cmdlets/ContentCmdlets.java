package dev.osiris.lab.windows.shell.cmdlets;

import static dev.osiris.lab.windows.shell.ps.ParamSpec.flag;
import static dev.osiris.lab.windows.shell.ps.ParamSpec.named;
import static dev.osiris.lab.windows.shell.ps.ParamSpec.positional;

import dev.osiris.lab.windows.model.FileSystem;
import dev.osiris.lab.windows.model.Registry;
import dev.osiris.lab.windows.shell.ps.CmdletCall;
import dev.osiris.lab.windows.shell.ps.CmdletRegistry;
import dev.osiris.lab.windows.shell.ps.PsConvert;
import dev.osiris.lab.windows.shell.ps.PsFormatter;
import dev.osiris.lab.windows.shell.ps.PsObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Get-/Set-/Add-/Clear-Content and Out-File on the host's files (the hosts file and friends). */
final class ContentCmdlets {

    private ContentCmdlets() {
    }

    static void register(CmdletRegistry r) {
        r.add("Get-Content", ContentCmdlets::get, positional("Path", 0, "LiteralPath", "FullName"), flag("Raw"),
                named("TotalCount", "First", "Head"), named("Tail", "Last"), named("Encoding"), named("Delimiter"));
        r.add("Set-Content", c -> write(c, false), positional("Path", 0, "LiteralPath"), positional("Value", 1),
                named("Encoding"), flag("Force"), flag("NoNewline"), flag("PassThru"));
        r.add("Add-Content", c -> write(c, true), positional("Path", 0, "LiteralPath"), positional("Value", 1),
                named("Encoding"), flag("Force"), flag("NoNewline"), flag("PassThru"));
        r.add("Clear-Content", c -> ItemCmdlets.paths(c).forEach(p -> c.host().files().write(p, "")),
                positional("Path", 0, "LiteralPath"), flag("Force"));
        r.add("Out-File", ContentCmdlets::outFile, positional("FilePath", 0, "Path"), named("InputObject"),
                named("Encoding"), flag("Append"), flag("Force"), flag("NoNewline"), named("Width"));
        r.alias("gc", "Get-Content");
        r.alias("cat", "Get-Content");
        r.alias("type", "Get-Content");
        r.alias("sc", "Set-Content");
        r.alias("ac", "Add-Content");
    }

    private static String checkedPath(CmdletCall c, String path) {
        if (Registry.isRegistryPath(path) || ItemCmdlets.isCert(path)) {
            throw c.error("The Windows host emulator does not support " + c.name() + " on " + path + ".",
                    "NotImplemented", "EmulatorUnsupported");
        }
        return FileSystem.normalize(path);
    }

    private static void get(CmdletCall c) {
        for (String p : ItemCmdlets.paths(c)) {
            String path = checkedPath(c, p);
            Optional<String> content = c.host().files().read(path);
            if (content.isEmpty()) {
                c.writeError(c.notFound("Cannot find path '" + path + "' because it does not exist.", path));
                continue;
            }
            if (c.flag("Raw")) {
                c.emit(content.get());
                continue;
            }
            List<String> lines = new ArrayList<>(Arrays.asList(content.get().split("\r?\n", -1)));
            if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
                lines.remove(lines.size() - 1);
            }
            if (c.has("TotalCount")) {
                lines = lines.subList(0, Math.min(lines.size(), c.integer("TotalCount")));
            }
            if (c.has("Tail")) {
                lines = lines.subList(Math.max(0, lines.size() - c.integer("Tail")), lines.size());
            }
            lines.forEach(c::emit);
        }
    }

    private static void write(CmdletCall c, boolean append) {
        List<Object> values = c.has("Value") ? PsConvert.toList(c.get("Value")) : c.input();
        StringBuilder sb = new StringBuilder();
        for (Object v : values) {
            sb.append(PsConvert.toStr(v));
            if (!c.flag("NoNewline")) {
                sb.append("\r\n");
            }
        }
        for (String p : ItemCmdlets.paths(c)) {
            String path = checkedPath(c, p);
            if (append) {
                c.host().files().append(path, sb.toString());
            } else {
                c.host().files().write(path, sb.toString());
            }
        }
    }

    private static void outFile(CmdletCall c) {
        List<Object> values = c.has("InputObject") ? PsConvert.toList(c.get("InputObject")) : c.input();
        StringBuilder sb = new StringBuilder();
        for (Object v : values) {
            sb.append(v instanceof String s ? s + "\r\n" : PsFormatter.format(v));
        }
        String path = checkedPath(c, c.string("FilePath"));
        if (c.flag("Append")) {
            c.host().files().append(path, sb.toString());
        } else {
            c.host().files().write(path, sb.toString());
        }
    }

    static PsObject fileObject(CmdletCall c, String path) {
        String content = c.host().files().read(path).orElse(null);
        String name = path.substring(path.lastIndexOf('\\') + 1);
        if (content == null) {
            return PsObject.of("System.IO.DirectoryInfo").with("Name", name).with("FullName", path)
                    .with("PSIsContainer", true);
        }
        return PsObject.of("System.IO.FileInfo").with("Name", name).with("FullName", path)
                .with("Length", content.getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
                .with("LastWriteTime", c.now()).with("PSIsContainer", false);
    }

    static void listFiles(CmdletCall c, String dir) {
        String d = FileSystem.normalize(dir);
        if (!c.host().files().exists(d)) {
            c.writeError(c.notFound("Cannot find path '" + d + "' because it does not exist.", d));
            return;
        }
        if (!c.host().files().isDirectory(d)) {
            c.emit(fileObject(c, d));
            return;
        }
        if (c.flag("Recurse") || c.has("Filter")) {
            throw c.error("The Windows host emulator does not model Get-ChildItem -Recurse or -Filter on a directory.",
                    "NotImplemented", "EmulatorUnsupported");
        }
        for (FileSystem.Entry e : c.host().files().list(d)) {
            if (e.directory() ? !c.flag("File") : !c.flag("Directory")) {
                c.emit(fileObject(c, e.path()));
            }
        }
    }
}
