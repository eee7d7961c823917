package dev.osiris.agent.relay;

import dev.osiris.protocol.checkin.ComplianceReport;
import dev.osiris.protocol.checkin.Incident;
import dev.osiris.protocol.checkin.Resolution;
import dev.osiris.protocol.checkin.ScanSummary;
import io.vertx.core.Future;

import java.sql.Connection;
import java.util.List;

/**
 * What drift detection and healing put into each check-in report, and what they take from each answer.
 */
public interface SiteReport {

    /** The scan summary and compliance score at the time of the report. */
    record State(ScanSummary scan, ComplianceReport compliance) {
    }

    /** Incidents not yet reported and resolutions carried out but not yet acknowledged. */
    record Escalations(List<Incident> incidents, List<String> ackedResolutions) {
    }

    /** On the agent's event loop, before the report is made; fails only with a storage error. */
    Future<State> state();

    /**
     * On the database writer, inside the transaction that stores the report in the outbox: takes the pending
     * incidents and acknowledgements and marks them taken, so that each travels in exactly one stored report.
     */
    Escalations escalations(Connection c) throws Exception;

    /** On the agent's event loop, after an answer: operators' resolutions to carry out. */
    void resolutions(List<Resolution> resolutions);

    /**
     * On the database writer, inside the transaction that sets a refused report aside: marks these incidents and
     * resolution acknowledgements as not reported yet, so that the next report carries them again.
     */
    void requeue(Connection c, List<String> incidentIds, List<String> ackedResolutions) throws Exception;

    SiteReport NONE = new SiteReport() {
        @Override
        public Future<State> state() {
            return Future.succeededFuture(new State(ScanSummary.NONE, ComplianceReport.EMPTY));
        }

        @Override
        public Escalations escalations(Connection c) {
            return new Escalations(List.of(), List.of());
        }

        @Override
        public void resolutions(List<Resolution> resolutions) {
        }

        @Override
        public void requeue(Connection c, List<String> incidentIds, List<String> ackedResolutions) {
        }
    };
}
