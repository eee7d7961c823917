package dev.osiris.lab.windows.shell.cmdlets;

import static dev.osiris.lab.windows.shell.ps.ParamSpec.flag;
import static dev.osiris.lab.windows.shell.ps.ParamSpec.named;
import static dev.osiris.lab.windows.shell.ps.ParamSpec.positional;

import dev.osiris.lab.windows.model.CertificateStore;
import dev.osiris.lab.windows.model.FileSystem;
import dev.osiris.lab.windows.model.Registry;
import dev.osiris.lab.windows.model.RegistryValue;
import dev.osiris.lab.windows.shell.ps.CmdletCall;
import dev.osiris.lab.windows.shell.ps.CmdletRegistry;
import dev.osiris.lab.windows.shell.ps.PsConvert;
import dev.osiris.lab.windows.shell.ps.PsError;
import dev.osiris.lab.windows.shell.ps.PsObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** *-Item, *-ItemProperty, Test-Path, Get-ChildItem over the registry, Cert:\ and the (few) files. */
final class ItemCmdlets {

    private ItemCmdlets() {
    }

    static void register(CmdletRegistry r) {
        r.add("Get-ItemProperty", ItemCmdlets::getItemProperty, positional("Path", 0, "LiteralPath", "PSPath"),
                positional("Name", 1));
        r.add("Get-ItemPropertyValue", ItemCmdlets::getItemPropertyValue, positional("Path", 0, "LiteralPath"),
                positional("Name", 1));
        r.add("Set-ItemProperty", c -> setProperty(c, false), positional("Path", 0, "LiteralPath"),
                positional("Name", 1), positional("Value", 2), named("Type"), flag("Force"), flag("PassThru"));
        r.add("New-ItemProperty", c -> setProperty(c, true), positional("Path", 0, "LiteralPath"),
                positional("Name", 1), named("Value"), named("PropertyType", "Type"), flag("Force"));
        r.add("Remove-ItemProperty", ItemCmdlets::removeProperty, positional("Path", 0, "LiteralPath"),
                positional("Name", 1), flag("Force"));
        r.add("Get-Item", ItemCmdlets::getItem, positional("Path", 0, "LiteralPath"), flag("Force"));
        r.add("Test-Path", ItemCmdlets::testPath, positional("Path", 0, "LiteralPath"), named("PathType"),
                flag("IsValid"));
        r.add("New-Item", ItemCmdlets::newItem, positional("Path", 0), named("Name"), named("ItemType", "Type"),
                named("Value"), flag("Force"));
        r.add("Remove-Item", ItemCmdlets::removeItem, positional("Path", 0, "LiteralPath"), flag("Recurse"),
                flag("Force"));
        r.add("Get-ChildItem", ItemCmdlets::children, positional("Path", 0, "LiteralPath"), flag("Recurse"),
                named("Filter"), flag("Force"), flag("File"), flag("Directory"));
        r.alias("gp", "Get-ItemProperty");
        r.alias("sp", "Set-ItemProperty");
        r.alias("gi", "Get-Item");
        r.alias("ni", "New-Item");
        r.alias("ri", "Remove-Item");
        r.alias("del", "Remove-Item");
        r.alias("gci", "Get-ChildItem");
        r.alias("dir", "Get-ChildItem");
        r.alias("ls", "Get-ChildItem");
        ContentCmdlets.register(r);
    }

    static List<String> paths(CmdletCall c) {
        if (c.has("Path")) {
            return c.strings("Path");
        }
        List<String> out = new ArrayList<>();
        for (Object o : c.input()) {
            Object p = o instanceof PsObject po && po.has("PSPath") ? po.get("PSPath") : o;
            out.add(PsConvert.toStr(p));
        }
        if (out.isEmpty()) {
            throw c.error("Cannot process command because of one or more missing mandatory parameters: Path.",
                    "InvalidArgument", "MissingMandatoryParameter");
        }
        return out;
    }

    static boolean isCert(String path) {
        return path.toLowerCase(Locale.ROOT).startsWith("cert:");
    }

    private static Registry.KeySnapshot key(CmdletCall c, String path) {
        return c.host().registry().key(path).orElseThrow(() -> RegistryItems.notFound(c, path));
    }

    private static void getItemProperty(CmdletCall c) {
        for (String path : paths(c)) {
            if (!Registry.isRegistryPath(path)) {
                fileOnly(c, path);
                continue;
            }
            Optional<Registry.KeySnapshot> key = c.host().registry().key(path);
            if (key.isEmpty()) {
                c.writeError(RegistryItems.notFound(c, path));
                continue;
            }
            List<String> names = c.has("Name") ? c.strings("Name") : null;
            if (names != null) {
                for (String n : names) {
                    if (!Values.isWildcard(n) && c.host().registry().value(path, n).isEmpty()) {
                        c.writeError(PsError.of(c.name(), "Property " + n + " does not exist at path "
                                + key.get().path() + ".", "InvalidArgument",
                                "System.Management.Automation.PSArgumentException,Microsoft.PowerShell.Commands."
                                        + "GetItemPropertyCommand", n));
                        return;
                    }
                }
            }
            c.emit(RegistryItems.properties(key.get(), names));
        }
    }

    private static void getItemPropertyValue(CmdletCall c) {
        for (String path : paths(c)) {
            Registry.KeySnapshot key = key(c, path);
            for (String n : c.strings("Name")) {
                RegistryValue v = c.host().registry().value(path, n).orElseThrow(() -> PsError.of(c.name(),
                        "Property " + n + " does not exist at path " + key.path() + ".", "InvalidArgument",
                        "System.Management.Automation.PSArgumentException", n));
                c.emit(RegistryItems.toPs(v));
            }
        }
    }

    private static void setProperty(CmdletCall c, boolean create) {
        String name = c.string("Name");
        if (name == null) {
            throw c.error("Cannot process command because of one or more missing mandatory parameters: Name.",
                    "InvalidArgument", "MissingMandatoryParameter");
        }
        for (String path : paths(c)) {
            if (!Registry.isRegistryPath(path)) {
                throw c.error("The Windows host emulator supports " + c.name() + " on HKLM:\\, HKCU:\\ and Registry::HKEY_USERS only.",
                        "NotImplemented", "EmulatorUnsupported");
            }
            Registry.KeySnapshot key = key(c, path);
            RegistryValue existing = c.host().registry().value(path, name).orElse(null);
            if (create && existing != null && !c.flag("Force")) {
                c.writeError(PsError.of(c.name(), "The property already exists.", "ResourceExists",
                        "System.IO.IOException,Microsoft.PowerShell.Commands.NewItemPropertyCommand", key.path()));
                continue;
            }
            Object value = c.get("Value");
            RegistryValue v = RegistryItems.fromPs(c, name, value,
                    RegistryItems.kindOf(c, create ? "PropertyType" : "Type", value, existing));
            c.host().registry().setValue(path, v);
            if (create || c.flag("PassThru")) {
                PsObject o = PsObject.of("System.Management.Automation.PSCustomObject").with(name, RegistryItems.toPs(v));
                RegistryItems.addPsProperties(o, key.path());
                c.emit(o);
            }
        }
    }

    private static void removeProperty(CmdletCall c) {
        for (String path : paths(c)) {
            Registry.KeySnapshot key = key(c, path);
            for (String n : c.strings("Name")) {
                if (!c.host().registry().removeValue(path, n)) {
                    c.writeError(PsError.of(c.name(), "Property " + n + " does not exist at path " + key.path() + ".",
                            "InvalidArgument", "System.Management.Automation.PSArgumentException", n));
                }
            }
        }
    }

    private static void getItem(CmdletCall c) {
        for (String path : paths(c)) {
            if (Registry.isRegistryPath(path)) {
                Optional<Registry.KeySnapshot> key = c.host().registry().key(path);
                if (key.isEmpty()) {
                    c.writeError(RegistryItems.notFound(c, path));
                } else {
                    c.emit(RegistryItems.keyObject(key.get()));
                }
            } else if (isCert(path)) {
                CertItems.items(c, path, false).forEach(c::emit);
            } else if (c.host().files().exists(path)) {
                c.emit(ContentCmdlets.fileObject(c, FileSystem.normalize(path)));
            } else {
                c.writeError(c.notFound("Cannot find path '" + path + "' because it does not exist.", path));
            }
        }
    }

    private static void testPath(CmdletCall c) {
        String type = c.has("PathType") ? c.string("PathType").toLowerCase(Locale.ROOT) : "any";
        for (String path : paths(c)) {
            boolean container;
            boolean exists;
            if (Registry.isRegistryPath(path)) {
                exists = c.host().registry().keyExists(path);
                container = true;
            } else if (isCert(path)) {
                exists = CertItems.exists(c, path);
                container = CertItems.isStore(path);
            } else if (path.matches("(?i)[a-z]+:.*") && !path.matches("(?i)[a-z]:.*")) {
                exists = false;
                container = false;
            } else {
                exists = c.host().files().exists(path);
                container = c.host().files().isDirectory(path);
            }
            c.emit(exists && switch (type) {
                case "leaf" -> !container;
                case "container" -> container;
                default -> true;
            });
        }
    }

    private static void newItem(CmdletCall c) {
        for (String base : paths(c)) {
            String path = c.has("Name") ? base.replaceAll("\\\\$", "") + "\\" + c.string("Name") : base;
            if (Registry.isRegistryPath(path)) {
                if (c.host().registry().keyExists(path) && !c.flag("Force")) {
                    throw c.error("A key at this path already exists.", "ResourceExists",
                            "System.IO.IOException");
                }
                if (!c.host().registry().createKey(path, c.flag("Force"))) {
                    String parent = path.substring(0, path.lastIndexOf('\\'));
                    throw RegistryItems.notFound(c, parent);
                }
                c.emit(RegistryItems.keyObject(c.host().registry().key(path).orElseThrow()));
            } else {
                String type = c.has("ItemType") ? c.string("ItemType").toLowerCase(Locale.ROOT) : "file";
                if (type.equals("file")) {
                    if (c.host().files().read(path).isPresent() && !c.flag("Force")) {
                        throw c.error("The file '" + path + "' already exists.", "WriteError", "NewItemIOError");
                    }
                    c.host().files().write(path, c.has("Value") ? c.string("Value") : "");
                    c.emit(ContentCmdlets.fileObject(c, FileSystem.normalize(path)));
                } else if (type.equals("directory")) {
                    c.emit(PsObject.of("System.IO.DirectoryInfo").with("Name", path.substring(path.lastIndexOf('\\') + 1))
                            .with("FullName", FileSystem.normalize(path)));
                } else {
                    throw c.error("The Windows host emulator does not support New-Item -ItemType " + type + ".",
                            "NotImplemented", "EmulatorUnsupported");
                }
            }
        }
    }

    private static void removeItem(CmdletCall c) {
        for (String path : paths(c)) {
            boolean ok;
            if (Registry.isRegistryPath(path)) {
                Optional<Registry.KeySnapshot> key = c.host().registry().key(path);
                if (key.isPresent() && !key.get().subKeys().isEmpty() && !c.flag("Recurse")) {
                    throw c.error("The item at " + Registry.psPath(key.get().path()) + " has children and the Recurse "
                            + "parameter was not specified.", "InvalidOperation", "RemoveItemUnauthorizedAccessError");
                }
                ok = c.host().registry().removeKey(path, true);
            } else if (isCert(path)) {
                ok = CertItems.remove(c, path);
            } else {
                ok = c.host().files().delete(path);
            }
            if (!ok) {
                c.writeError(c.notFound("Cannot find path '" + path + "' because it does not exist.", path));
            }
        }
    }

    private static void children(CmdletCall c) {
        List<String> paths = c.has("Path") ? c.strings("Path") : List.of("C:\\Users\\" + c.context().userName());
        for (String path : paths) {
            if (Registry.isRegistryPath(path)) {
                Registry.KeySnapshot key = key(c, path);
                for (String sub : key.subKeys()) {
                    c.emit(RegistryItems.keyObject(c.host().registry().key(key.path() + "\\" + sub).orElseThrow()));
                }
            } else if (isCert(path)) {
                CertItems.items(c, path, true).forEach(c::emit);
            } else {
                ContentCmdlets.listFiles(c, path);
            }
        }
    }

    private static void fileOnly(CmdletCall c, String path) {
        if (!c.host().files().exists(path)) {
            c.writeError(c.notFound("Cannot find path '" + path + "' because it does not exist.", path));
            return;
        }
        c.emit(ContentCmdlets.fileObject(c, FileSystem.normalize(path)));
    }

    static CertificateStore store(CmdletCall c) {
        return c.host().certificates();
    }
}
