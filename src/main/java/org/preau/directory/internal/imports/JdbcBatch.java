package org.preau.directory.internal.imports;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * One SQL statement run as a JDBC batch; each row belongs to an entry of the buffer being written, so that the
 * entries whose rows changed something can be told apart.
 */
final class JdbcBatch {

    private final String sql;
    private final List<Object[]> rows = new ArrayList<>();
    private final List<Integer> owners = new ArrayList<>();

    JdbcBatch(String sql) {
        this.sql = sql;
    }

    void add(int owner, Object... params) {
        owners.add(owner);
        rows.add(params);
    }

    /** Runs the batch; sets {@code changed[owner]} for every entry one of whose rows changed something. */
    void run(JdbcTemplate jt, boolean[] changed) {
        if (rows.isEmpty()) {
            return;
        }
        // Nulls are sent untyped (the server infers the type): Spring's default would ask the driver for
        // parameter metadata, a round trip per null.
        int[] counts = jt.batchUpdate(sql, new BatchPreparedStatementSetter() {
            @Override
            public void setValues(PreparedStatement ps, int i) throws SQLException {
                Object[] row = rows.get(i);
                for (int c = 0; c < row.length; c++) {
                    if (row[c] == null) {
                        ps.setNull(c + 1, Types.OTHER);
                    } else {
                        ps.setObject(c + 1, row[c]);
                    }
                }
            }

            @Override
            public int getBatchSize() {
                return rows.size();
            }
        });
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] > 0) {
                changed[owners.get(i)] = true;
            }
        }
    }
}
