package com.slaledger.projection.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class IngestPropertiesTest {

    @Test
    void aRebuildBatchOfLessThanOneEventIsRefusedByName() {
        assertThatThrownBy(() -> new IngestProperties(
                        "contract.events", "projection-service", 2, "projection", 2, 0, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sla.projection.rebuild-batch");
        assertThat(new IngestProperties("contract.events", "projection-service", 2, "projection", 2, 1, Duration.ZERO)
                        .rebuildBatch())
                .isEqualTo(1);
    }
}
