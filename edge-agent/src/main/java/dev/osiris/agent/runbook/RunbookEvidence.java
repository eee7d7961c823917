package dev.osiris.agent.runbook;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.osiris.agent.privacy.Redactor;
import dev.osiris.protocol.json.Json;
import dev.osiris.protocol.runbook.Framework;
import dev.osiris.protocol.runbook.Runbook;

import java.util.List;

/**
 * What every evidence record about a runbook carries, for the drift and healing records alike: the runbook (id,
 * version, file hash, severity), the controls it evidences, and host text scrubbed and capped.
 */
public final class RunbookEvidence {

    private static final int MAX_TEXT = 2000;

    private RunbookEvidence() {
    }

    /** The details every record about {@code r} starts from. */
    public static ObjectNode base(Runbook r) {
        ObjectNode details = Json.object();
        details.set("runbook", Json.object().put("id", r.id()).put("version", r.version()).put("sha256", r.sha256())
                .put("severity", r.severity().wire()));
        ObjectNode controls = details.putObject("controls");
        for (Framework f : Framework.values()) {
            ArrayNode ids = controls.putArray(f.wire());
            r.controls().getOrDefault(f, List.of()).forEach(ids::add);
        }
        return details;
    }

    /** Lines a host produced, each scrubbed and capped. */
    public static ArrayNode texts(Redactor redactor, List<String> lines) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        lines.forEach(l -> out.add(redactor.text(cap(l))));
        return out;
    }

    /** At most 2000 characters of {@code text}; null becomes empty. */
    public static String cap(String text) {
        if (text == null) {
            return "";
        }
        return text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT - 3) + "...";
    }
}
