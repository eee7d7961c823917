package dev.osiris.agent.privacy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.osiris.protocol.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class PhiScrubberTest {

    private final PhiScrubber scrubber = PhiScrubber.defaults();

    private String scrub(String text) {
        return scrubber.scrub(text);
    }

    @Test
    void replacesDashedAndUndashedSsns() {
        assertThat(scrub("SSN 123-45-6789 on file")).isEqualTo("SSN [SSN] on file");
        assertThat(scrub("ssn=123456789.")).isEqualTo("ssn=[SSN].");
        assertThat(scrub("patient_123-45-6789.pdf")).isEqualTo("patient_[SSN].pdf");
    }

    @ParameterizedTest
    @ValueSource(strings = {"000-12-3456", "666-12-3456", "912-34-5678", "123-00-4567", "123-45-0000",
            "1234567890", "12345678", "123-45-67890", "9123-45-6789", "S-1-5-21-123456789-1004",
            "S-1-5-21-3623811015-3361044348-30300820-1013", "123-456-789", "1.123456789"})
    void leavesInvalidSsnsAndLongerDigitRunsAlone(String text) {
        assertThat(scrub(text)).isEqualTo(text);
    }

    @Test
    void replacesLabelledMrnsKeepingTheLabel() {
        assertThat(scrub("MRN: 12345678")).isEqualTo("MRN: [MRN]");
        assertThat(scrub("MRN#A123456 seen")).isEqualTo("MRN#[MRN] seen");
        assertThat(scrub("medical record number 1234567")).isEqualTo("medical record number [MRN]");
        assertThat(scrub("Med Rec No. 00-4411")).isEqualTo("Med Rec No. [MRN]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"A123456", "MRN: none", "MRNs are stored in Dentrix", "record 1234567", "medical records 2024 backup",
            "RB-WIN-FIREWALL-001"})
    void leavesUnlabelledOrValuelessMrnTextAlone(String text) {
        assertThat(scrub(text)).isEqualTo(text);
    }

    @Test
    void replacesLabelledBirthDatesInCommonFormats() {
        assertThat(scrub("DOB: 01/02/1980")).isEqualTo("DOB: [DOB]");
        assertThat(scrub("date of birth 1980-01-02, seen today")).isEqualTo("date of birth [DOB], seen today");
        assertThat(scrub("born March 3, 1980 in Ohio")).isEqualTo("born [DOB] in Ohio");
        assertThat(scrub("D.O.B. 3 Mar 1980")).isEqualTo("D.O.B. [DOB]");
        assertThat(scrub("Birthdate=1-2-80")).isEqualTo("Birthdate=[DOB]");
        assertThat(scrub("dob 19800102")).isEqualTo("dob [DOB]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-23T12:00:00Z", "InstalledOn 11/02/2026", "last boot 2026-11-23 08:00",
            "LastLogon: 11/20/2026 7:15 AM", "DOB: unknown", "reborn 2026-01-01"})
    void leavesOperationalTimestampsAlone(String text) {
        assertThat(scrub(text)).isEqualTo(text);
    }

    @Test
    void replacesUsPhoneNumbers() {
        assertThat(scrub("call (555) 123-4567 today")).isEqualTo("call [PHONE] today");
        assertThat(scrub("555.123.4567")).isEqualTo("[PHONE]");
        assertThat(scrub("555-123-4567")).isEqualTo("[PHONE]");
        assertThat(scrub("tel +1 555 123 4567.")).isEqualTo("tel [PHONE].");
        assertThat(scrub("+1-555-123-4567")).isEqualTo("[PHONE]");
        assertThat(scrub("+15551234567")).isEqualTo("[PHONE]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"198.18.0.10", "10.0.17763.1", "10.0.19045.3693", "listening on 0.0.0.0:3389",
            "port 8443", "build 22631.4460", "KB5031354", "123e4567-e89b-12d3-a456-426614174000",
            "555.123.4567.8", "5551234567", "0123456789"})
    void leavesAddressesVersionsAndPortsAlone(String text) {
        assertThat(scrub(text)).isEqualTo(text);
    }

    @Test
    void replacesEmailAddressesButNotTheAgentsOwnAccount() {
        assertThat(scrub("from jane.doe+x@example.com.")).isEqualTo("from [EMAIL].");
        assertThat(scrub("<a@b.co.uk>")).isEqualTo("<[EMAIL]>");
        assertThat(scrub("run as osiris-svc@nvdental.local")).isEqualTo("run as osiris-svc@nvdental.local");
        assertThat(scrub("user@localhost")).isEqualTo("user@localhost");
    }

    @Test
    void replacesProfileNamesUnderUsersAndHome() {
        assertThat(scrub("C:\\Users\\jsmith\\Documents\\notes.txt")).isEqualTo("C:\\Users\\[NAME]\\Documents\\notes.txt");
        assertThat(scrub("/home/jdoe/.ssh/authorized_keys")).isEqualTo("/home/[NAME]/.ssh/authorized_keys");
        assertThat(scrub("C:/Users/JSmith")).isEqualTo("C:/Users/[NAME]");
        assertThat(scrub("profile C:\\Users\\jsmith, loaded")).isEqualTo("profile C:\\Users\\[NAME], loaded");
        assertThat(scrub("\"C:\\Users\\John Smith\\Desktop\"")).isEqualTo("\"C:\\Users\\[NAME]\\Desktop\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"C:\\Users\\Public\\Desktop", "C:\\Users\\Default\\NTUSER.DAT", "/home/osiris/agent",
            "C:\\Users\\osiris-svc\\AppData", "C:\\Users\\Administrator", "C:\\Users\\osiris-svc.NVDENTAL\\AppData",
            "NVDENTAL\\osiris-svc", "HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run",
            "HKEY_USERS\\S-1-5-21-3623811015-3361044348-30300820-1013\\Software", "C:\\Users\\[NAME]\\x"})
    void leavesServiceAccountsSystemProfilesAndRegistryPathsAlone(String text) {
        assertThat(scrub(text)).isEqualTo(text);
    }

    @Test
    void honoursTheAllowListGivenToTheConstructor() {
        PhiScrubber custom = new PhiScrubber(Set.of("Backup-Svc"));
        assertThat(custom.scrub("/home/backup-svc/x")).isEqualTo("/home/backup-svc/x");
        assertThat(custom.scrub("/home/osiris/x")).isEqualTo("/home/[NAME]/x");
    }

    @Test
    void replacesNamesUnderPatientFoldersKeepingTheExtension() {
        assertThat(scrub("D:\\Patients\\Smith_John_DOB_1980-01-02.pdf"))
                .isEqualTo("D:\\Patients\\[NAME].pdf");
        assertThat(scrub("opened \\\\NVFS01\\Share\\PatientFiles\\Doe, Jane - chart.docx by NVWS02"))
                .isEqualTo("opened \\\\NVFS01\\Share\\PatientFiles\\[NAME].docx by NVWS02");
        assertThat(scrub("/srv/Charts/Smith, John/2024/bitewing.png"))
                .isEqualTo("/srv/Charts/[NAME]/2024/[NAME].png");
        assertThat(scrub("E:\\X-Rays\\Archive\\DOE_JANE.dcm")).isEqualTo("E:\\X-Rays\\Archive\\[NAME].dcm");
        assertThat(scrub("/data/scans/smith_j")).isEqualTo("/data/scans/[NAME]");
    }

    @Test
    void findsNamesInPathsWhoseBackslashesAreDoubled() {
        assertThat(scrub("{\"path\":\"C:\\\\Users\\\\jsmith\\\\Desktop\"}"))
                .isEqualTo("{\"path\":\"C:\\\\Users\\\\[NAME]\\\\Desktop\"}");
        assertThat(scrub("D:\\\\Patients\\\\Doe Jane\\\\x.pdf")).isEqualTo("D:\\\\Patients\\\\[NAME]\\\\[NAME].pdf");
    }

    @ParameterizedTest
    @ValueSource(strings = {"C:\\ProgramData\\Microsoft\\Windows Defender\\Scans\\History\\Service",
            "HKLM\\SOFTWARE\\Dentrix\\Patients\\Path", "Registry::HKEY_LOCAL_MACHINE\\SOFTWARE\\Imaging\\Scans\\Dir",
            "/proc/sys/records/x"})
    void leavesOperatingSystemFoldersAndRegistryKeysThatShareAPatientFolderName(String text) {
        assertThat(scrub(text)).isEqualTo(text);
    }

    @Test
    void aSystemFolderDoesNotShieldTheNextPathInTheSameText() {
        assertThat(scrub("HKLM\\SOFTWARE\\X changed, then D:\\Patients\\Smith.pdf was read"))
                .isEqualTo("HKLM\\SOFTWARE\\X changed, then D:\\Patients\\[NAME].pdf was read");
        assertThat(scrub("C:\\Windows\\Temp\\a.log /srv/charts/doe_jane.png"))
                .isEqualTo("C:\\Windows\\Temp\\a.log /srv/charts/[NAME].png");
    }

    @ParameterizedTest
    @ValueSource(strings = {"RB-WIN-FIREWALL-001", "NVDC01", "Spooler", "osiris", "Administrator",
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            "{3F2504E0-4F89-11D3-9A0C-0305E82C3301}", "profiles[1].enabled: expected equals true, got false",
            "W32Time service is Running on NVDC01 (198.18.0.10)"})
    void leavesOperationalIdentifiersAlone(String text) {
        assertThat(scrub(text)).isEqualTo(text);
    }

    @Test
    void countsWhatItRedactedPerCategory() {
        Redactions counts = new Redactions();
        scrubber.scrub("a@example.com and b@example.com, SSN 123-45-6789, C:\\Users\\jsmith", counts);
        assertThat(counts.count(PhiCategory.EMAIL)).isEqualTo(2);
        assertThat(counts.count(PhiCategory.SSN)).isEqualTo(1);
        assertThat(counts.count(PhiCategory.NAME)).isEqualTo(1);
        assertThat(counts.count(PhiCategory.PHONE)).isZero();
        assertThat(counts.total()).isEqualTo(4);
        assertThat(counts.toJson().toString()).isEqualTo("{\"ssn\":1,\"email\":2,\"name\":1}");
    }

    @Test
    void scrubsJsonValuesAndKeysWithoutTouchingScalarsOrStructure() {
        JsonNode observed = Json.parseObject("""
                {"members":["NVDENTAL\\\\osiris-svc","jane@example.com"],"port":3389,"enabled":true,"none":null,
                 "paths":{"C:\\\\Users\\\\jsmith":{"size":123456789,"note":"MRN: 12345678"}},
                 "ssn":"n/a-but-labelled","mrn":98765,"build":"10.0.17763.1"}""");
        Redactions counts = new Redactions();
        JsonNode scrubbed = scrubber.scrub(observed, counts);
        assertThat(scrubbed).isEqualTo(Json.parseObject("""
                {"members":["NVDENTAL\\\\osiris-svc","[EMAIL]"],"port":3389,"enabled":true,"none":null,
                 "paths":{"C:\\\\Users\\\\[NAME]":{"size":123456789,"note":"MRN: [MRN]"}},
                 "ssn":"[SSN]","mrn":"[MRN]","build":"10.0.17763.1"}"""));
        assertThat(observed.path("paths").has("C:\\Users\\jsmith")).as("the input is not modified").isTrue();
        assertThat(counts.toJson().toString()).isEqualTo("{\"ssn\":1,\"mrn\":2,\"email\":1,\"name\":1}");
    }

    @Test
    void keepsKeysApartWhenTheyScrubToTheSameText() {
        JsonNode scrubbed = scrubber.scrub(Json.parseObject("{\"a@example.com\":1,\"b@example.com\":2}"));
        assertThat(scrubbed).isEqualTo(Json.parseObject("{\"[EMAIL]\":1,\"[EMAIL]#2\":2}"));
        assertThat(scrubber.scrub(scrubbed)).isEqualTo(scrubbed);
    }

    @ParameterizedTest
    @ValueSource(strings = {"SSN 123-45-6789, MRN: 12345678, DOB: 01/02/1980, (555) 123-4567, jane@example.com",
            "D:\\Patients\\Doe, Jane - chart.docx", "C:\\Users\\jsmith\\Patients\\Smith_John_DOB_1980-01-02.pdf",
            "/home/jdoe/Charts/Smith, John/x.png", "ssn=123456789."})
    void scrubbingTwiceChangesNothingMore(String text) {
        String once = scrub(text);
        Redactions second = new Redactions();
        assertThat(scrubber.scrub(once, second)).isEqualTo(once);
        assertThat(second.isEmpty()).isTrue();
        assertThat(once).doesNotContain("6789", "12345678", "1980", "4567", "jane", "Jane", "jsmith", "jdoe", "Smith");
    }

    @Test
    void jsonScrubbingIsIdempotent() {
        JsonNode once = scrubber.scrub(Json.parseObject(
                "{\"dob\":\"1980-01-02\",\"C:\\\\Users\\\\jsmith\":\"call 555-123-4567\",\"patient\":\"Doe, Jane\"}"));
        Redactions second = new Redactions();
        assertThat(scrubber.scrub(once, second)).isEqualTo(once);
        assertThat(second.isEmpty()).isTrue();
    }

    @Test
    void finishesOnAdversarialMegabyteInputs() {
        String[] seeds = {"a", "1", "1-", "a.", "MRN ", "DOB 1/", "\\Users\\a a", "/Patients/a a.", "+1 (5", "a@a."};
        assertTimeoutPreemptively(Duration.ofMinutes(2), () -> {
            for (String seed : seeds) {
                String text = seed.repeat(1_000_000 / seed.length()) + "!";
                assertThat(scrub(text)).isNotNull();
            }
        });
    }

    @Test
    void nullAndEmptyStayAsTheyAre() {
        assertThat(scrubber.scrub((String) null)).isNull();
        assertThat(scrub("")).isEmpty();
        assertThat(scrubber.scrub((JsonNode) null)).isNull();
    }
}
