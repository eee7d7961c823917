package dev.osiris.lab.windows.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Windows Defender Firewall profiles (Domain, Private, Public). Thread-safe. */
public final class Firewall {

    /** Allowed values of DefaultInboundAction / DefaultOutboundAction (NetSecurity.Action). */
    public enum Action {
        NOT_CONFIGURED("NotConfigured", 0), ALLOW("Allow", 2), BLOCK("Block", 4);

        private final String psName;
        private final int value;

        Action(String psName, int value) {
            this.psName = psName;
            this.value = value;
        }

        public PsEnumValue asEnum() {
            return new PsEnumValue("NetSecurity.Action", psName, value);
        }

        public static Optional<Action> parse(String text) {
            for (Action a : values()) {
                if (a.psName.equalsIgnoreCase(text)) {
                    return Optional.of(a);
                }
            }
            return Optional.empty();
        }
    }

    /** One profile's settings. */
    public record Profile(String name, boolean enabled, Action defaultInboundAction, Action defaultOutboundAction,
                          boolean logBlocked, String logFileName) {
        public Profile withEnabled(boolean e) {
            return new Profile(name, e, defaultInboundAction, defaultOutboundAction, logBlocked, logFileName);
        }

        public Profile withDefaultInboundAction(Action a) {
            return new Profile(name, enabled, a, defaultOutboundAction, logBlocked, logFileName);
        }

        public Profile withDefaultOutboundAction(Action a) {
            return new Profile(name, enabled, defaultInboundAction, a, logBlocked, logFileName);
        }
    }

    public static final List<String> PROFILE_NAMES = List.of("Domain", "Private", "Public");

    private final Map<String, Profile> profiles = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

    public Firewall() {
        for (String name : PROFILE_NAMES) {
            profiles.put(name, new Profile(name, true, Action.BLOCK, Action.ALLOW, true,
                    "%systemroot%\\system32\\LogFiles\\Firewall\\pfirewall.log"));
        }
    }

    /** All profiles in the order Windows lists them. */
    public synchronized List<Profile> profiles() {
        List<Profile> out = new ArrayList<>();
        for (String n : PROFILE_NAMES) {
            out.add(profiles.get(n));
        }
        return out;
    }

    public synchronized Optional<Profile> profile(String name) {
        return Optional.ofNullable(profiles.get(name));
    }

    /** Replaces a profile (matched by name). */
    public synchronized void update(Profile profile) {
        if (!profiles.containsKey(profile.name())) {
            throw new IllegalArgumentException("no firewall profile " + profile.name());
        }
        profiles.put(profile.name(), profile);
    }

    public synchronized void setEnabled(String name, boolean enabled) {
        update(profile(name).orElseThrow(() -> new IllegalArgumentException("no firewall profile " + name))
                .withEnabled(enabled));
    }

    public synchronized boolean allEnabled() {
        return profiles.values().stream().allMatch(Profile::enabled);
    }
}
