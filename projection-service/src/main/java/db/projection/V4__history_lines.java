package db.projection;

import com.slaledger.api.event.ContractEvent;
import com.slaledger.api.event.EventEnvelope;
import com.slaledger.api.json.SlaJson;
import com.slaledger.api.view.ContractFold;
import com.slaledger.api.view.ContractView;
import com.slaledger.projection.history.HistoryEntry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Each event's line of the audit timeline is written when the event is applied (ADR 0015). This
 * gives the events stored before that their lines, by folding each contract's events once, in
 * sequence order, streamed: memory holds one contract's view and one batch of lines at a time.
 */
public class V4__history_lines extends BaseJavaMigration {

    private static final int BATCH = 500;

    @Override
    public void migrate(Context context) throws Exception {
        Connection connection = context.getConnection();
        try (Statement statement = connection.createStatement()) {
            statement.execute("ALTER TABLE event_log ADD COLUMN entry TEXT");
        }
        List<String> contractIds = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT DISTINCT contract_id FROM event_log")) {
            while (rows.next()) {
                contractIds.add(rows.getString(1));
            }
        }
        try (PreparedStatement read = connection.prepareStatement(
                        "SELECT envelope FROM event_log WHERE contract_id = ? ORDER BY sequence");
                PreparedStatement write = connection.prepareStatement(
                        "UPDATE event_log SET entry = ? WHERE contract_id = ? AND sequence = ?")) {
            read.setFetchSize(BATCH);
            for (String contractId : contractIds) {
                read.setString(1, contractId);
                ContractView view = null;
                int pending = 0;
                try (ResultSet rows = read.executeQuery()) {
                    while (rows.next()) {
                        EventEnvelope envelope = SlaJson.mapper().readValue(rows.getString(1), EventEnvelope.class);
                        ContractEvent event = envelope.event();
                        ContractView after = ContractFold.apply(view, event, ContractFold.Stamp.of(envelope));
                        write.setString(
                                1, SlaJson.mapper().writeValueAsString(HistoryEntry.of(envelope, event, view, after)));
                        write.setString(2, contractId);
                        write.setLong(3, envelope.sequence());
                        write.addBatch();
                        view = after;
                        if (++pending == BATCH) {
                            write.executeBatch();
                            pending = 0;
                        }
                    }
                }
                write.executeBatch();
            }
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("ALTER TABLE event_log ALTER COLUMN entry SET NOT NULL");
        }
    }
}
