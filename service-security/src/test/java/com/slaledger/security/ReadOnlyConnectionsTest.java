package com.slaledger.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.SQLExceptionOverride.Override;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class ReadOnlyConnectionsTest {

    private final ReadOnlyConnections override = new ReadOnlyConnections();

    @Test
    void aWriteRefusedAsReadOnlyClosesTheConnectionAlsoWhenWrapped() {
        SQLException refused = new SQLException("cannot execute INSERT in a read-only transaction", "25006");
        assertThat(override.adjudicate(refused)).isEqualTo(Override.MUST_EVICT);
        assertThat(override.adjudicate(new SQLException("batch failed", "XX000", refused)))
                .isEqualTo(Override.MUST_EVICT);
    }

    @Test
    void anyOtherFailureIsJudgedAsThePoolJudgesIt() {
        for (String state : new String[] {"23505", "08006", "40001", null}) {
            assertThat(override.adjudicate(new SQLException("x", state)))
                    .as(state)
                    .isEqualTo(Override.CONTINUE_EVICT);
        }
    }
}
