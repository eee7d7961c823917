package dev.osiris.lab.windows.shell.natives;

import dev.osiris.lab.windows.model.BitLocker;
import dev.osiris.lab.windows.shell.NativeCommand;
import dev.osiris.lab.windows.shell.ShellContext;
import java.util.List;
import java.util.Optional;

/** manage-bde.exe: -status, -protectors -disable|-enable, -on, -off for a volume. */
final class ManageBde implements NativeCommand {

    @Override
    public int run(List<String> args, ShellContext ctx) {
        String volume = args.stream().filter(a -> a.matches("(?i)[a-z]:")).findFirst().orElse("C:");
        Optional<BitLocker.Volume> v = ctx.host().bitLocker().get(volume);
        if (v.isEmpty()) {
            ctx.output().stdout("ERROR: An error occurred (code 0x80070057):\r\nThe parameter is incorrect.\r\n");
            return -2147024809;
        }
        BitLocker.Volume vol = v.get();
        if (Switches.has(args, "status")) {
            ctx.output().stdout("BitLocker Drive Encryption: Configuration Tool version 10.0.20348\r\n\r\nVolume "
                    + vol.mountPoint() + " [OS]\r\n[OS Volume]\r\n\r\n    Conversion Status:    "
                    + (vol.fullyEncrypted() ? "Fully Encrypted" : "Fully Decrypted") + "\r\n    Percentage Encrypted: "
                    + (vol.fullyEncrypted() ? "100.0%" : "0.0%") + "\r\n    Encryption Method:    "
                    + (vol.fullyEncrypted() ? "XTS-AES 256" : "None") + "\r\n    Protection Status:    "
                    + (vol.protectionOn() ? "Protection On" : "Protection Off") + "\r\n    Lock Status:          Unlocked\r\n");
            return 0;
        }
        BitLocker.Volume updated;
        if (Switches.has(args, "protectors") && Switches.has(args, "disable")) {
            updated = vol.withProtection(false);
        } else if (Switches.has(args, "protectors") && Switches.has(args, "enable")) {
            updated = vol.withProtection(true);
        } else if (Switches.has(args, "off")) {
            updated = new BitLocker.Volume(vol.mountPoint(), false, false, vol.encryptionMethod());
        } else if (Switches.has(args, "on")) {
            updated = new BitLocker.Volume(vol.mountPoint(), true, true, vol.encryptionMethod());
        } else {
            ctx.output().stdout("ERROR: The emulator supports -status, -protectors -disable|-enable, -on and -off.\r\n");
            return 1;
        }
        ctx.host().bitLocker().put(updated);
        ctx.output().stdout("BitLocker Drive Encryption: Configuration Tool version 10.0.20348\r\n\r\nVolume "
                + vol.mountPoint() + " [OS]\r\nKey protectors are " + (updated.protectionOn() ? "enabled" : "disabled")
                + " for volume " + vol.mountPoint() + ".\r\n");
        return 0;
    }
}
