package dev.osiris.protocol.runbook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.osiris.protocol.json.Json;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RunbookParserTest {

    static final String FIREWALL = """
            id: RB-WIN-TEST-001
            version: 2
            title: Firewall on
            platform: windows
            severity: high
            heal: auto
            standard: true
            controls: {hipaa: ["164.312(e)(1)"], soc2: [CC6.6], pci-dss-4: ["1.4.1"], nist-csf-2: [PR.IR-01], cis-v8: ["4.4"]}
            timeouts: {detect: 5s, remediate: 2m}
            params:
              dnsServers: null
              minLength: 14
            detect: |
              [ordered]@{ profiles = @(Get-NetFirewallProfile | ForEach-Object { [ordered]@{ name = $_.Name; enabled = [bool]$_.Enabled } }) }
            expect:
              - path: profiles[*].enabled
                equals: true
              - path: profiles
                minSize: 3
            remediate: |
              Set-NetFirewallProfile -Profile Domain,Private,Public -Enabled True
            """;

    static Runbook parse(String yaml) {
        return RunbookParser.parse("test.yaml", yaml.getBytes(StandardCharsets.UTF_8));
    }

    static JsonNode json(String text) {
        return Json.parseObject(text);
    }

    @Test
    void readsEveryField() {
        Runbook r = parse(FIREWALL);
        assertThat(r.id()).isEqualTo("RB-WIN-TEST-001");
        assertThat(r.version()).isEqualTo(2);
        assertThat(r.platform()).isEqualTo(Platform.WINDOWS);
        assertThat(r.heal()).isEqualTo(HealPolicy.AUTO);
        assertThat(r.autoHealable()).isTrue();
        assertThat(r.controls().get(Framework.HIPAA)).containsExactly("164.312(e)(1)");
        assertThat(r.detectTimeout()).hasSeconds(5);
        assertThat(r.remediateTimeout()).hasMinutes(2);
        assertThat(r.sha256()).hasSize(64);
        assertThat(r.expect()).hasSize(2);
    }

    @Test
    void compliantWhenEveryExpectationHolds() {
        Verdict v = parse(FIREWALL).evaluate(json("""
                {"profiles":[{"name":"Domain","enabled":true},{"name":"Private","enabled":true},{"name":"Public","enabled":true}]}"""),
                Baseline.EMPTY);
        assertThat(v.status()).isEqualTo(Verdict.Status.COMPLIANT);
    }

    @Test
    void driftNamesTheFailingElement() {
        Verdict v = parse(FIREWALL).evaluate(json("""
                {"profiles":[{"name":"Domain","enabled":true},{"name":"Private","enabled":false},{"name":"Public","enabled":true}]}"""),
                Baseline.EMPTY);
        assertThat(v.status()).isEqualTo(Verdict.Status.DRIFTED);
        assertThat(v.failures()).containsExactly("profiles[1].enabled: expected equals true, got false");
    }

    @Test
    void emptyArrayPassesWildcardButNotMinSize() {
        Verdict v = parse(FIREWALL).evaluate(json("{\"profiles\":[]}"), Baseline.EMPTY);
        assertThat(v.failures()).containsExactly("profiles: expected minSize 3, got []");
    }

    @Test
    void missingPathIsDrift() {
        Verdict v = parse(FIREWALL).evaluate(json("{\"other\":1}"), Baseline.EMPTY);
        assertThat(v.status()).isEqualTo(Verdict.Status.DRIFTED);
        assertThat(v.failures()).contains("profiles[*].enabled: missing from the detect result");
    }

    @Test
    void reservedKeysGiveErrorAndNotApplicable() {
        Runbook r = parse(FIREWALL);
        assertThat(r.evaluate(json("{\"_error\":\"access denied\"}"), Baseline.EMPTY).status()).isEqualTo(Verdict.Status.ERROR);
        Verdict na = r.evaluate(json("{\"applicable\":false,\"reason\":\"not a DC\"}"), Baseline.EMPTY);
        assertThat(na.status()).isEqualTo(Verdict.Status.NOT_APPLICABLE);
        assertThat(na.failures()).containsExactly("not a DC");
        assertThat(r.evaluate(Json.MAPPER.getNodeFactory().arrayNode(), Baseline.EMPTY).status()).isEqualTo(Verdict.Status.ERROR);
        assertThat(r.evaluate(null, Baseline.EMPTY).status()).isEqualTo(Verdict.Status.ERROR);
    }

    @Test
    void enforcedByIsCarriedOnTheVerdictAndIsNotAnExpectationFailure() {
        Runbook r = parse(FIREWALL);
        Verdict v = r.evaluate(json("""
                {"profiles":[{"name":"Domain","enabled":false},{"name":"Private","enabled":true},{"name":"Public","enabled":true}],
                 "enforcedBy":["GPO DomainProfile EnableFirewall=0"]}"""), Baseline.EMPTY);
        assertThat(v.status()).isEqualTo(Verdict.Status.DRIFTED);
        assertThat(v.failures()).containsExactly("profiles[0].enabled: expected equals true, got false");
        assertThat(v.enforcedBy()).containsExactly("GPO DomainProfile EnableFirewall=0");
        assertThat(v.enforced()).isTrue();

        Verdict compliant = r.evaluate(json("""
                {"profiles":[{"enabled":true},{"enabled":true},{"enabled":true}],"enforcedBy":["GPO EnableFirewall=1"]}"""),
                Baseline.EMPTY);
        assertThat(compliant.status()).isEqualTo(Verdict.Status.COMPLIANT);
        assertThat(compliant.enforced()).as("only a drift is enforced against the heal").isFalse();
        Verdict empty = r.evaluate(json("{\"profiles\":[{\"enabled\":false}],\"enforcedBy\":[]}"), Baseline.EMPTY);
        assertThat(empty.drifted()).isTrue();
        assertThat(empty.enforced()).isFalse();
    }

    @Test
    void anEnforcedByThatIsNotAListOfStringsIsAnErrorNamingIt() {
        Runbook r = parse(FIREWALL);
        Verdict text = r.evaluate(json("{\"profiles\":[],\"enforcedBy\":\"GPO\"}"), Baseline.EMPTY);
        assertThat(text.status()).isEqualTo(Verdict.Status.ERROR);
        assertThat(text.summary()).isEqualTo("detect returned enforcedBy as a string, not a list of strings");
        Verdict blank = r.evaluate(json("{\"profiles\":[],\"enforcedBy\":[\"GPO\", 3]}"), Baseline.EMPTY);
        assertThat(blank.status()).isEqualTo(Verdict.Status.ERROR);
        assertThat(blank.summary()).contains("enforcedBy entry").contains("3");
    }

    @Test
    void parametersComeFromTheSiteThenTheDefaultsAndUnsetMeansNotApplicable() {
        Runbook r = parse(FIREWALL.replace("  - path: profiles\n    minSize: 3",
                "  - path: servers\n    sameSetAs: ${dnsServers}\n  - path: minLength\n    min: ${minLength}"));
        JsonNode observed = json("{\"profiles\":[],\"servers\":[\"198.18.0.10\",\"198.18.0.11\"],\"minLength\":12}");
        assertThat(r.evaluate(observed, Baseline.EMPTY).status()).isEqualTo(Verdict.Status.NOT_APPLICABLE);
        var site = Json.object();
        site.putArray("dnsServers").add("198.18.0.11").add("198.18.0.10");
        Verdict v = r.evaluate(observed, new Baseline(site));
        assertThat(v.failures()).containsExactly("minLength: expected min 14, got 12");
        site.put("minLength", 12);
        assertThat(r.evaluate(observed, new Baseline(site)).compliant()).isTrue();
    }

    @Test
    void operatorsBehave() {
        JsonNode five = json("{\"n\":5}").get("n");
        assertThat(Operators.holds("max", five, json("{\"v\":5.0}").get("v"))).isTrue();
        assertThat(Operators.holds("min", five, json("{\"v\":6}").get("v"))).isFalse();
        assertThat(Operators.holds("subsetOf", json("{\"a\":[\"Admin\"]}").get("a"), json("{\"a\":[\"admin\",\"x\"]}").get("a"))).isTrue();
        assertThat(Operators.holds("subsetOf", json("{\"a\":[\"evil\"]}").get("a"), json("{\"a\":[\"admin\"]}").get("a"))).isFalse();
        assertThat(Operators.holds("matches", json("{\"s\":\"time.nist.gov,0x9\"}").get("s"), json("{\"r\":\"time\\\\..*\"}").get("r"))).isTrue();
        assertThat(Operators.holds("empty", json("{\"a\":[]}").get("a"), json("{\"b\":true}").get("b"))).isTrue();
        assertThat(Operators.holds("contains", json("{\"a\":[1,2]}").get("a"), json("{\"b\":2}").get("b"))).isTrue();
        assertThat(Operators.holds("notIn", json("{\"s\":\"x\"}").get("s"), json("{\"a\":[\"y\"]}").get("a"))).isTrue();
    }

    @Test
    void refusesBrokenFilesNamingTheField() {
        assertThatThrownBy(() -> parse(FIREWALL.replace("heal: auto", "heal: sometimes")))
                .hasMessage("test.yaml: heal: must be auto, detect-only or escalate");
        assertThatThrownBy(() -> parse(FIREWALL.replace("RB-WIN-TEST-001", "RB-LNX-TEST-001")))
                .hasMessage("test.yaml: id: a windows runbook id starts with RB-WIN-");
        assertThatThrownBy(() -> parse(FIREWALL.replace("cis-v8: [\"4.4\"]", "")))
                .hasMessageContaining("controls.cis-v8: missing");
        assertThatThrownBy(() -> parse(FIREWALL.replace("equals: true", "equals: true\n    max: 3")))
                .hasMessageContaining("expect[0]: needs exactly one operator");
        assertThatThrownBy(() -> parse(FIREWALL.replace("minSize: 3", "minSize: lots")))
                .hasMessageContaining("expect[1]: minSize needs a non-negative integer");
        assertThatThrownBy(() -> parse(FIREWALL.replace("heal: auto", "heal: detect-only")))
                .hasMessageContaining("remediate: only auto runbooks remediate");
        assertThatThrownBy(() -> parse(FIREWALL.replace("-Enabled True", "-Enabled {{nope}}")))
                .hasMessageContaining("remediate: {{nope}} is not a declared parameter");
        assertThatThrownBy(() -> parse(FIREWALL + "surprise: 1\n")).hasMessageContaining("surprise: unknown key");
        assertThatThrownBy(() -> parse("- a list")).hasMessage("test.yaml: must be a YAML mapping");
    }

    @Test
    void templatesRenderLiteralsThatCannotInject() {
        Runbook r = parse(FIREWALL);
        var site = Json.object();
        site.putArray("dnsServers").add("198.18.0.10").add("a'; Remove-Item C:\\ -Recurse; '");
        assertThat(ScriptTemplates.fill(r, "Set-X {{dnsServers}} {{minLength}}", new Baseline(site)))
                .isEqualTo("Set-X @('198.18.0.10','a''; Remove-Item C:\\ -Recurse; ''') 14");
        assertThat(ScriptTemplates.literal(Platform.LINUX, json("{\"s\":\"it's $(rm -rf /)\"}").get("s")))
                .isEqualTo("'it'\\''s $(rm -rf /)'");
        assertThatThrownBy(() -> ScriptTemplates.fill(r, "{{dnsServers}}", Baseline.EMPTY))
                .hasMessageContaining("parameter dnsServers has no value");
    }
}
