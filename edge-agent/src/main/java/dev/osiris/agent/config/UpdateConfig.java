package dev.osiris.agent.config;

import dev.osiris.protocol.evidence.ApplianceKey;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The {@code update:} section of the agent's configuration. Updates are off without a release key: the key is pinned
 * here, in the appliance's image and config, and never taken from the relay.
 *
 * @param releaseKey        base64 of the release key's raw Ed25519 public key, or null (updates refused)
 * @param slotA             the device (a file in tests) holding slot A's root image
 * @param slotB             the same for slot B
 * @param rebootCommand     run to reboot into the trial slot (e.g. {@code systemctl reboot})
 * @param allowHttp         plain http to a loopback address (tests only); https otherwise
 * @param maxImageBytes     the size cap of a downloaded image
 * @param connectTimeout    the release server's connect timeout
 * @param readTimeout       the longest wait for the next bytes of the image (and for the response's headers)
 * @param maintenanceWindow when the reboot may happen, or null for at once
 * @param kernelCmdline     where the health gate reads {@code osiris.slot=} from
 * @param grubEnv           the GRUB environment block file
 * @param requireRelay      the health gate fails when the relay is unreachable (offline-first: off by default)
 * @param minFreeBytes      the health gate's floor of free space in the data partition
 * @param minClock          the health gate's floor for the clock (an image's build time); the last evidence record
 *                          is a floor too
 */
public record UpdateConfig(String releaseKey, Path slotA, Path slotB, List<String> rebootCommand, boolean allowHttp,
                           long maxImageBytes, Duration connectTimeout, Duration readTimeout,
                           MaintenanceWindow maintenanceWindow, Path kernelCmdline, Path grubEnv, boolean requireRelay,
                           long minFreeBytes, java.time.Instant minClock) {

    public static final UpdateConfig DEFAULTS = new UpdateConfig(null, Path.of("/dev/disk/by-partlabel/osiris-a"),
            Path.of("/dev/disk/by-partlabel/osiris-b"), List.of("systemctl", "reboot"), false, 2L << 30,
            Duration.ofSeconds(10), Duration.ofSeconds(30), null, Path.of("/proc/cmdline"),
            Path.of("/boot/efi/EFI/BOOT/grubenv"), false, 256L << 20, java.time.Instant.parse("2026-01-01T00:00:00Z"));

    public UpdateConfig {
        if (releaseKey != null) {
            try {
                ApplianceKey.PublicKey.fromBase64(releaseKey);
            } catch (IllegalArgumentException e) {
                throw new ConfigException("update.releaseKey: " + e.getMessage());
            }
        }
        if (slotA == null || slotB == null || slotA.equals(slotB)) {
            throw new ConfigException("update.slotA, update.slotB: two different devices are required");
        }
        if (rebootCommand == null || rebootCommand.isEmpty()) {
            throw new ConfigException("update.rebootCommand: must name a command");
        }
        rebootCommand = List.copyOf(rebootCommand);
        if (maxImageBytes <= 0) {
            throw new ConfigException("update.maxImageBytes: must be positive, got " + maxImageBytes);
        }
        if (connectTimeout == null || connectTimeout.isNegative() || connectTimeout.isZero()
                || readTimeout == null || readTimeout.isNegative() || readTimeout.isZero()) {
            throw new ConfigException("update.connectTimeout, update.readTimeout: must be positive durations");
        }
        if (minFreeBytes < 0) {
            throw new ConfigException("update.minFreeBytes: must not be negative");
        }
    }

    /** The pinned release key, or null when none is configured (updates refused). */
    public ApplianceKey.PublicKey pinnedKey() {
        return releaseKey == null ? null : ApplianceKey.PublicKey.fromBase64(releaseKey);
    }

    public Path device(dev.osiris.agent.boot.BootSlots.Slot slot) {
        return slot == dev.osiris.agent.boot.BootSlots.Slot.A ? slotA : slotB;
    }
}
