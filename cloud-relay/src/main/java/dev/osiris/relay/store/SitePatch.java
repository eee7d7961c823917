package dev.osiris.relay.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.osiris.protocol.InvalidMessageException;
import dev.osiris.protocol.checkin.CheckinResponse;
import dev.osiris.protocol.checkin.HealingMode;
import dev.osiris.protocol.json.Fields;
import dev.osiris.protocol.json.Json;

import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A change to a site's configuration; absent fields stay as they are. {@code alertEmail} set to the empty string
 * clears the site's own recipient (the relay's default applies again).
 */
public record SitePatch(Optional<Integer> checkinIntervalSeconds, Optional<HealingMode> healingMode,
                        Optional<Boolean> dryRun, Optional<List<String>> enabledRunbooks,
                        Optional<Integer> scanIntervalSeconds, Optional<ObjectNode> baseline,
                        Optional<String> alertEmail, Optional<String> alertPolicy) {

    public static final int MIN_INTERVAL = 5;
    public static final int MAX_INTERVAL = 86_400;
    private static final Pattern EMAIL = Pattern.compile("[^@\\s\\p{Cntrl}]{1,64}@[A-Za-z0-9.-]{1,189}");
    private static final Set<String> KNOWN = Set.of("checkinIntervalSeconds", "interval", "healingMode", "dryRun",
            "enabledRunbooks", "scanIntervalSeconds", "baseline", "alertEmail", "alertPolicy");

    public SitePatch {
        checkinIntervalSeconds.ifPresent(s -> {
            if (s < MIN_INTERVAL || s > MAX_INTERVAL) {
                throw new InvalidMessageException("site.checkinIntervalSeconds must be between " + MIN_INTERVAL
                        + " and " + MAX_INTERVAL);
            }
        });
        scanIntervalSeconds.ifPresent(s -> {
            if (s < CheckinResponse.MIN_SCAN_INTERVAL || s > CheckinResponse.MAX_SCAN_INTERVAL) {
                throw new InvalidMessageException("site.scanIntervalSeconds must be between "
                        + CheckinResponse.MIN_SCAN_INTERVAL + " and " + CheckinResponse.MAX_SCAN_INTERVAL);
            }
        });
        baseline.ifPresent(b -> {
            if (Json.bytes(b).length > CheckinResponse.MAX_BASELINE_BYTES) {
                throw new InvalidMessageException("site.baseline is larger than " + CheckinResponse.MAX_BASELINE_BYTES
                        + " bytes");
            }
        });
        alertEmail.ifPresent(e -> {
            if (!e.isEmpty() && !EMAIL.matcher(e).matches()) {
                throw new InvalidMessageException("site.alertEmail must be an e-mail address");
            }
        });
        alertPolicy.ifPresent(p -> {
            if (!p.equals(Site.ALERT_CRITICAL) && !p.equals(Site.ALERT_ALL)) {
                throw new InvalidMessageException("site.alertPolicy must be critical or all, got \"" + p + "\"");
            }
        });
        enabledRunbooks = enabledRunbooks.map(List::copyOf);
        baseline = baseline.map(ObjectNode::deepCopy);
    }

    public static SitePatch none() {
        return new SitePatch(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty());
    }

    public SitePatch withInterval(int seconds) {
        return new SitePatch(Optional.of(seconds), healingMode, dryRun, enabledRunbooks, scanIntervalSeconds, baseline,
                alertEmail, alertPolicy);
    }

    public SitePatch withHealingMode(HealingMode mode) {
        return new SitePatch(checkinIntervalSeconds, Optional.of(mode), dryRun, enabledRunbooks, scanIntervalSeconds,
                baseline, alertEmail, alertPolicy);
    }

    public SitePatch withDryRun(boolean value) {
        return new SitePatch(checkinIntervalSeconds, healingMode, Optional.of(value), enabledRunbooks,
                scanIntervalSeconds, baseline, alertEmail, alertPolicy);
    }

    public SitePatch withEnabledRunbooks(List<String> runbooks) {
        return new SitePatch(checkinIntervalSeconds, healingMode, dryRun, Optional.of(runbooks), scanIntervalSeconds,
                baseline, alertEmail, alertPolicy);
    }

    public SitePatch withScanInterval(int seconds) {
        return new SitePatch(checkinIntervalSeconds, healingMode, dryRun, enabledRunbooks, Optional.of(seconds),
                baseline, alertEmail, alertPolicy);
    }

    public SitePatch withBaseline(ObjectNode value) {
        return new SitePatch(checkinIntervalSeconds, healingMode, dryRun, enabledRunbooks, scanIntervalSeconds,
                Optional.of(value), alertEmail, alertPolicy);
    }

    /** @param email an address, or empty to fall back to the relay's default recipient */
    public SitePatch withAlerts(String email, String policy) {
        return new SitePatch(checkinIntervalSeconds, healingMode, dryRun, enabledRunbooks, scanIntervalSeconds,
                baseline, Optional.ofNullable(email).or(() -> alertEmail),
                Optional.ofNullable(policy).or(() -> alertPolicy));
    }

    /** Reads {@code PATCH /api/sites/{id}}; {@code interval} is accepted as a short name for the interval. */
    public static SitePatch fromJson(JsonNode node) {
        Fields f = new Fields(node, "site");
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!KNOWN.contains(name)) {
                throw new InvalidMessageException(f.path(name) + " is not a site setting (known: " + KNOWN + ")");
            }
        }
        SitePatch patch = none();
        for (String name : List.of("checkinIntervalSeconds", "interval")) {
            if (f.has(name)) {
                patch = patch.withInterval(f.requireInt(name, MIN_INTERVAL, MAX_INTERVAL));
            }
        }
        if (f.has("healingMode")) {
            patch = patch.withHealingMode(HealingMode.fromWire(f.requireString("healingMode"), f.path("healingMode")));
        }
        if (f.has("dryRun")) {
            patch = patch.withDryRun(f.requireBoolean("dryRun"));
        }
        if (f.has("enabledRunbooks")) {
            patch = patch.withEnabledRunbooks(f.requireList("enabledRunbooks", 1000, Fields::token));
        }
        return patch.withScanAndBaseline(f).withAlerts(
                f.has("alertEmail") ? alertEmail(f) : null,
                f.has("alertPolicy") ? f.requireString("alertPolicy") : null);
    }

    /** An address, or empty: one line without any control character. */
    private static String alertEmail(Fields f) {
        String value = f.requireString("alertEmail").strip();
        return Fields.name(value, f.path("alertEmail"));
    }

    /** Applies {@code scanIntervalSeconds} and {@code baseline} from a request body, if present. */
    public SitePatch withScanAndBaseline(Fields f) {
        SitePatch patch = this;
        if (f.has("scanIntervalSeconds")) {
            patch = patch.withScanInterval(f.requireInt("scanIntervalSeconds", CheckinResponse.MIN_SCAN_INTERVAL,
                    CheckinResponse.MAX_SCAN_INTERVAL));
        }
        if (f.has("baseline")) {
            patch = patch.withBaseline(f.requireObject("baseline"));
        }
        return patch;
    }
}
