package dev.osiris.lab.windows.model;

import java.util.Arrays;
import java.util.Locale;

/**
 * The display language a host was installed in: what its natives print and what Windows named its built-in local
 * accounts and groups. en-US is every preset's default; de-DE is the German Windows small offices buy locally. Only
 * text the emulator has a source for is localized: anything else on a de-DE host is refused (see WINDOWS-EMULATOR.md).
 */
public enum DisplayLanguage {
    EN_US("en-US"),
    DE_DE("de-DE");

    private final String tag;

    DisplayLanguage(String tag) {
        this.tag = tag;
    }

    /** The BCP-47 tag Windows uses (Get-Culture's Name). */
    public String tag() {
        return tag;
    }

    public boolean german() {
        return this == DE_DE;
    }

    /** @throws IllegalArgumentException naming the languages modelled */
    public static DisplayLanguage of(String tag) {
        return Arrays.stream(values()).filter(l -> l.tag.equalsIgnoreCase(tag)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("language must be one of "
                        + Arrays.stream(values()).map(DisplayLanguage::tag).toList() + ", got " + tag));
    }

    /** A built-in local group's name in this language (by its English name), or the English name where it is the same. */
    public String localGroup(String english) {
        if (!german()) {
            return english;
        }
        return switch (english.toLowerCase(Locale.ROOT)) {
            case "administrators" -> "Administratoren";
            case "users" -> "Benutzer";
            case "remote desktop users" -> "Remotedesktopbenutzer";
            case "remote management users" -> "Remoteverwaltungsbenutzer";
            default -> throw new IllegalArgumentException("no German name modelled for the group " + english);
        };
    }
}
