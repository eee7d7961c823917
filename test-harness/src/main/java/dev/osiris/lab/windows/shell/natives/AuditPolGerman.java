package dev.osiris.lab.windows.shell.natives;

import dev.osiris.lab.windows.model.AuditPolicy;
import java.util.Map;
import java.util.Optional;

/**
 * auditpol's German text on a de-DE host. The names are those German Windows shows (auditpol /list and /get on
 * German hosts, the German security-policy help that lists each subcategory, the /r header German scripts read:
 * Computername, Richtlinienziel, Unterkategorie, Unterkategorie-GUID, Aufnahmeeinstellung, Ausschlusseinstellung,
 * Einstellungswert). A subcategory with no German name here is refused by {@link AuditPol}, never shown in English.
 */
final class AuditPolGerman {

    static final String CSV_HEADER = "Computername,Richtlinienziel,Unterkategorie,Unterkategorie-GUID,"
            + "Aufnahmeeinstellung,Ausschlusseinstellung,Einstellungswert\r\n";
    static final String TEXT_HEADER = "Systemüberwachungsrichtlinie\r\nKategorie/Unterkategorie                  Einstellung\r\n";
    static final String OK = "Der Befehl wurde erfolgreich ausgeführt.\r\n";

    private static final Map<String, String> CATEGORIES = Map.of("System", "System", "Logon/Logoff", "An-/Abmeldung",
            "Object Access", "Objektzugriff", "Privilege Use", "Berechtigungen", "Detailed Tracking",
            "Detaillierte Nachverfolgung", "Policy Change", "Richtlinienänderung", "Account Management",
            "Kontenverwaltung", "DS Access", "DS-Zugriff", "Account Logon", "Kontoanmeldung");

    /** By the last two hex digits of the subcategory GUID ({0CCE92xx-...}). */
    private static final Map<String, String> SUBCATEGORIES = Map.ofEntries(
            Map.entry("10", "Sicherheitsstatusänderung"), Map.entry("11", "Sicherheitssystemerweiterung"),
            Map.entry("12", "Systemintegrität"), Map.entry("13", "IPsec-Treiber"), Map.entry("14", "Andere Systemereignisse"),
            Map.entry("15", "Anmelden"), Map.entry("16", "Abmelden"), Map.entry("17", "Kontosperrung"),
            Map.entry("18", "IPsec-Hauptmodus"), Map.entry("19", "IPsec-Schnellmodus"),
            Map.entry("1A", "IPsec-Erweiterungsmodus"), Map.entry("1B", "Spezielle Anmeldung"),
            Map.entry("1C", "Andere Anmelde-/Abmeldeereignisse"), Map.entry("43", "Netzwerkrichtlinienserver"),
            Map.entry("1D", "Dateisystem"), Map.entry("1E", "Registrierung"), Map.entry("1F", "Kernelobjekt"),
            Map.entry("20", "SAM"), Map.entry("21", "Zertifizierungsdienste"), Map.entry("22", "Anwendung wurde generiert."),
            Map.entry("23", "Handleänderung"), Map.entry("24", "Dateifreigabe"),
            Map.entry("25", "Filterplattform: Verworfene Pakete"), Map.entry("26", "Filterplattformverbindung"),
            Map.entry("27", "Andere Objektzugriffsereignisse"), Map.entry("44", "Detaillierte Dateifreigabe"),
            Map.entry("45", "Wechselmedien"), Map.entry("46", "Staging zentraler Richtlinien"),
            Map.entry("2F", "Richtlinienänderungen überwachen"), Map.entry("30", "Authentifizierungsrichtlinienänderung"),
            Map.entry("31", "Autorisierungsrichtlinienänderung"), Map.entry("32", "Richtlinienänderung auf MPSSVC-Regelebene"),
            Map.entry("33", "Filterplattform-Richtlinienänderung"), Map.entry("34", "Andere Richtlinienänderungsereignisse"),
            Map.entry("35", "Benutzerkontenverwaltung"), Map.entry("36", "Computerkontoverwaltung"),
            Map.entry("37", "Sicherheitsgruppenverwaltung"), Map.entry("38", "Verteilergruppenverwaltung"),
            Map.entry("39", "Anwendungsgruppenverwaltung"), Map.entry("3A", "Andere Kontoverwaltungsereignisse"),
            Map.entry("28", "Sensible Verwendung von Rechten"), Map.entry("3F", "Überprüfen der Anmeldeinformationen"));

    private AuditPolGerman() {
    }

    static Optional<String> name(AuditPolicy.Subcategory sub) {
        return Optional.ofNullable(SUBCATEGORIES.get(sub.guid().substring(7, 9)));
    }

    static String category(String english) {
        return CATEGORIES.get(english);
    }

    /** The inclusion setting as German auditpol writes it. */
    static String inclusion(AuditPolicy.Setting s) {
        return switch (s.settingValue()) {
            case 3 -> "Erfolg und Fehler";
            case 2 -> "Fehler";
            case 1 -> "Erfolg";
            default -> "Keine Überwachung";
        };
    }
}
