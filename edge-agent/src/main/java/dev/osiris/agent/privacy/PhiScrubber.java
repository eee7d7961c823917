package dev.osiris.agent.privacy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Removes protected health information from everything that leaves the appliance (evidence details, incident
 * summaries and observed state, e-mail text), replacing it with typed tokens ({@code [SSN]}, {@code [MRN]},
 * {@code [DOB]}, {@code [PHONE]}, {@code [EMAIL]}, {@code [NAME]}).
 *
 * <p>Operational data the auditor needs stays: timestamps and unlabelled dates, IP addresses, version and build
 * numbers, SIDs, GUIDs, hashes, runbook ids, host, service and service-account names, registry paths. Dates are
 * only redacted next to a birth label, MRNs only next to an MRN label.
 *
 * <p>Every pattern has bounded quantifiers and no nested unbounded repetition, so a scrub is linear in the input.
 * Scrubbing is idempotent: tokens are never matched again. Instances are immutable and thread-safe.
 */
public final class PhiScrubber implements Redactor {

    private static final String MONTH = "(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]{0,6}\\.?";
    private static final String DATE = "(?:\\d{4}[-/.]\\d{1,2}[-/.]\\d{1,2}"
            + "|\\d{1,2}[-/.]\\d{1,2}[-/.](?:\\d{4}|\\d{2})"
            + "|" + MONTH + "[ \\t]{1,3}\\d{1,2}(?:st|nd|rd|th)?,?[ \\t]{1,3}\\d{4}"
            + "|\\d{1,2}[ \\t]{1,3}" + MONTH + ",?[ \\t]{1,3}\\d{4}"
            + "|\\d{8})(?!\\d)";

    /** Applied in this order, after paths and e-mail addresses (so a file name's DOB counts as part of the name). */
    private static final List<Rule> RULES = List.of(
            new Rule(PhiCategory.MRN, true, Pattern.compile("(?i)(?<![a-z])(?:MRN|MR#|med(?:ical)?[ _-]?rec(?:ord)?"
                    + "(?:[ _-]?(?:number|num|nbr|no\\.?|#|id))?)(?![a-z])[ \\t:#=.-]{0,6}"
                    + "(?<v>(?=[a-z-]{0,29}\\d)[a-z0-9][a-z0-9-]{2,29})")),
            new Rule(PhiCategory.DOB, true, Pattern.compile("(?i)(?<![a-z])(?:DOB|D\\.O\\.B\\.?|date[ _-]?of[ _-]?birth"
                    + "|birth[ _-]?date|born(?:[ _-]on)?)(?![a-z])[ \\t:#=_(\\[-]{0,6}(?<v>" + DATE + ")")),
            new Rule(PhiCategory.SSN, false, Pattern.compile(
                    "(?<![0-9.]|[0-9]-)(?!000|666|9\\d\\d)\\d{3}-(?!00)\\d{2}-(?!0000)\\d{4}(?!-?\\d)"
                    + "|(?<![A-Za-z0-9.-])(?!000|666|9\\d\\d)\\d{3}(?!00)\\d{2}(?!0000)\\d{4}(?![A-Za-z0-9-]|\\.\\d)")),
            new Rule(PhiCategory.PHONE, false, Pattern.compile(
                    "(?<![A-Za-z0-9.+-])(?:\\+?1[ \\t.-]{0,2})?(?:\\([ \\t]?[2-9]\\d{2}[ \\t]?\\)[ \\t.-]{0,2}"
                    + "|[2-9]\\d{2}[ \\t.-]{1,2})\\d{3}[ \\t.-]{1,2}\\d{4}(?![A-Za-z0-9]|[.-]\\d)"
                    + "|(?<![A-Za-z0-9+])\\+1[2-9]\\d{9}(?!\\d)")));

    /** Object keys whose whole value is the thing they name, e.g. {@code {"mrn": "A123456"}}. */
    private static final Map<String, PhiCategory> LABELLED_KEYS = Map.ofEntries(
            Map.entry("ssn", PhiCategory.SSN), Map.entry("socialsecuritynumber", PhiCategory.SSN),
            Map.entry("mrn", PhiCategory.MRN), Map.entry("medicalrecordnumber", PhiCategory.MRN),
            Map.entry("dob", PhiCategory.DOB), Map.entry("dateofbirth", PhiCategory.DOB),
            Map.entry("birthdate", PhiCategory.DOB), Map.entry("patient", PhiCategory.NAME),
            Map.entry("patientname", PhiCategory.NAME), Map.entry("patientfirstname", PhiCategory.NAME),
            Map.entry("patientlastname", PhiCategory.NAME), Map.entry("patientphone", PhiCategory.PHONE),
            Map.entry("patientemail", PhiCategory.EMAIL));

    private static final Set<String> DEFAULT_ACCOUNTS = Set.of("osiris", "osiris-svc", "administrator", "public",
            "default", "default user", "all users", "defaultuser0", "wdagutilityaccount");

    private final PathNames paths;
    private final EmailAddresses emails;

    /**
     * @param allowedAccounts profile names under {@code C:\Users} and {@code /home}, and e-mail local parts, that are
     *                        service accounts or system folders and stay (compared case-insensitively)
     */
    public PhiScrubber(Set<String> allowedAccounts) {
        Set<String> lowerCase = allowedAccounts.stream().map(a -> a.toLowerCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
        this.paths = new PathNames(lowerCase);
        this.emails = new EmailAddresses(lowerCase);
    }

    /** The agent's own accounts ({@code osiris}, {@code osiris-svc}, {@code Administrator}) and system profiles. */
    public static PhiScrubber defaults() {
        return new PhiScrubber(DEFAULT_ACCOUNTS);
    }

    public String scrub(String text) {
        return scrub(text, new Redactions());
    }

    /** Scrubs the text and adds what it replaced to {@code redactions}. Null stays null. */
    public String scrub(String text, Redactions redactions) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = emails.scrub(paths.scrub(text, redactions), redactions);
        for (Rule rule : RULES) {
            out = rule.apply(out, redactions);
        }
        return out;
    }

    public JsonNode scrub(JsonNode node) {
        return scrub(node, new Redactions());
    }

    /**
     * A scrubbed deep copy: string values and object keys are scrubbed, numbers, booleans and nulls and the
     * structure stay, except that a scalar under a key naming PHI ({@code ssn}, {@code mrn}, {@code dob},
     * {@code patientName}, ...) is replaced by that category's token. Two keys that scrub to one text are kept
     * apart with a {@code #2} suffix. Null stays null.
     */
    public JsonNode scrub(JsonNode node, Redactions redactions) {
        if (node == null) {
            return null;
        }
        if (node.isTextual()) {
            return TextNode.valueOf(scrub(node.textValue(), redactions));
        }
        if (node.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode(node.size());
            node.forEach(element -> out.add(scrub(element, redactions)));
            return out;
        }
        if (node.isObject()) {
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                String key = scrub(field.getKey(), redactions);
                String unique = key;
                for (int n = 2; out.has(unique); n++) {
                    unique = key + "#" + n;
                }
                out.set(unique, scrubField(field.getKey(), field.getValue(), redactions));
            }
            return out;
        }
        return node.deepCopy();
    }

    private JsonNode scrubField(String key, JsonNode value, Redactions redactions) {
        PhiCategory labelled = LABELLED_KEYS.get(key.toLowerCase(Locale.ROOT).replaceAll("[^a-z]", ""));
        boolean scalar = value.isTextual() && !value.textValue().isBlank() || value.isNumber();
        if (labelled == null || !scalar || value.isTextual() && PhiCategory.isToken(value.textValue())) {
            return scrub(value, redactions);
        }
        redactions.add(labelled);
        return TextNode.valueOf(labelled.token());
    }

    /** @param labelled the match is a label and a value (group {@code v}); only the value is replaced */
    private record Rule(PhiCategory category, boolean labelled, Pattern pattern) {

        String apply(String text, Redactions redactions) {
            Matcher m = pattern.matcher(text);
            StringBuilder out = null;
            int copied = 0;
            while (m.find()) {
                int start = labelled ? m.start("v") : m.start();
                int end = labelled ? m.end("v") : m.end();
                if (out == null) {
                    out = new StringBuilder(text.length());
                }
                out.append(text, copied, start).append(category.token());
                copied = end;
                redactions.add(category);
            }
            return out == null ? text : out.append(text, copied, text.length()).toString();
        }
    }

    @Override
    public String text(String text) {
        return scrub(text);
    }

    @Override
    public JsonNode json(JsonNode node) {
        return scrub(node);
    }
}
