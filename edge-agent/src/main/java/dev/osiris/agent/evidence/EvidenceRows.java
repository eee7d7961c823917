package dev.osiris.agent.evidence;

import dev.osiris.protocol.evidence.EvidenceRecord;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Iterator;
import java.util.NoSuchElementException;

/** Maps evidence records to and from rows of the {@code evidence} table. */
final class EvidenceRows {

    private EvidenceRows() {
    }

    static EvidenceRecord read(ResultSet rs) throws SQLException {
        return new EvidenceRecord(rs.getLong(1), Instant.ofEpochMilli(rs.getLong(2)), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10));
    }

    static void bind(PreparedStatement ps, EvidenceRecord r) throws SQLException {
        ps.setLong(1, r.seq());
        ps.setLong(2, r.time().toEpochMilli());
        ps.setString(3, r.host());
        ps.setString(4, r.checkId());
        ps.setString(5, r.kind());
        ps.setString(6, r.outcome());
        ps.setString(7, r.details());
        ps.setString(8, r.prevHash());
        ps.setString(9, r.hash());
        ps.setString(10, r.signature());
    }

    /** Walks a result set of evidence rows; SQL errors surface as {@link IllegalStateException}. */
    static Iterator<EvidenceRecord> iterate(ResultSet rs) {
        return new Iterator<>() {
            private Boolean ahead;

            @Override
            public boolean hasNext() {
                if (ahead == null) {
                    try {
                        ahead = rs.next();
                    } catch (SQLException e) {
                        throw new IllegalStateException("reading evidence failed: " + e.getMessage(), e);
                    }
                }
                return ahead;
            }

            @Override
            public EvidenceRecord next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                ahead = null;
                try {
                    return EvidenceRows.read(rs);
                } catch (SQLException e) {
                    throw new IllegalStateException("reading evidence failed: " + e.getMessage(), e);
                }
            }
        };
    }

}
