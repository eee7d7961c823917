package dev.osiris.agent.heal;

/**
 * A raised incident with where it stands: whether a report carried it, the operator's resolution if one arrived,
 * and whether that resolution was carried out.
 *
 * @param resolution the operator's resolution, or null while the incident is open
 */
public record IncidentState(RaisedIncident incident, Status status, boolean reported, OperatorResolution resolution,
                            boolean resolutionDone) {

    public enum Status {
        OPEN("open"), RESOLVED("resolved");

        private final String wire;

        Status(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }

        /** @throws IllegalArgumentException for a name that is not a status */
        public static Status fromWire(String value) {
            return WireNames.parse(values(), Status::wire, "incident status", value);
        }
    }
}
