package db.projection;

import com.slaledger.api.view.ContractFold;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * The fold the read models were made with ({@link ContractFold#VERSION}). A schema with no contract
 * yet (a new database, or the rebuild's fresh schema) is folded by this build's fold; one that
 * holds contracts was folded by an earlier one, recorded as 0, and is rebuilt when the service
 * starts (FoldVersionCheck).
 */
public class V12__fold_version extends BaseJavaMigration {

    @Override
    public void migrate(Context context) throws Exception {
        boolean empty;
        try (Statement statement = context.getConnection().createStatement()) {
            statement.execute("""
                    CREATE TABLE read_model_fold (
                        only_row BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (only_row),
                        version  INT     NOT NULL
                    )""");
            try (ResultSet rows = statement.executeQuery("SELECT NOT EXISTS (SELECT 1 FROM contract_view)")) {
                rows.next();
                empty = rows.getBoolean(1);
            }
        }
        try (PreparedStatement insert =
                context.getConnection().prepareStatement("INSERT INTO read_model_fold (version) VALUES (?)")) {
            insert.setInt(1, empty ? ContractFold.VERSION : 0);
            insert.executeUpdate();
        }
    }
}
