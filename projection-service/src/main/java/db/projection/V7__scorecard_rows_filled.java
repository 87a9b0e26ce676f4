package db.projection;

import com.slaledger.api.json.SlaJson;
import com.slaledger.api.view.ContractView;
import com.slaledger.projection.scorecard.ScorecardRows;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * Gives the contracts stored before V6 their scorecard rows (ADR 0016), from their current views,
 * by the writer's own {@link ScorecardRows}: streamed, a batch of views at a time.
 */
public class V7__scorecard_rows_filled extends BaseJavaMigration {

    private static final int BATCH = 500;

    @Override
    public void migrate(Context context) throws Exception {
        Connection connection = context.getConnection();
        JdbcTemplate jdbc = new JdbcTemplate(new SingleConnectionDataSource(connection, true));
        List<ContractView> views = new ArrayList<>(BATCH);
        try (PreparedStatement read = connection.prepareStatement("SELECT view FROM contract_view")) {
            read.setFetchSize(BATCH);
            try (ResultSet rows = read.executeQuery()) {
                while (rows.next()) {
                    views.add(SlaJson.mapper().readValue(rows.getString(1), ContractView.class));
                    if (views.size() == BATCH) {
                        ScorecardRows.write(jdbc, views);
                        views.clear();
                    }
                }
            }
        }
        ScorecardRows.write(jdbc, views);
    }
}
