package com.slaledger.projection.ingest;

import com.slaledger.api.view.ContractFold;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Read models made by another fold than this build's ({@link ContractFold#VERSION}) are rebuilt
 * once the service has started: a view folded by an earlier rule shows what the shared fold no
 * longer makes of the same events, and the offline verifier, which folds with this build's, would
 * call an honest export broken. The rebuild's fresh schema records this build's version (V12) and
 * replaces the live one at its swap; until then reads are answered from the live tables. A
 * rebuild that fails or is cut short by a shutdown leaves the old version, so the next start tries
 * again (ADR 0008).
 */
@Component
public class FoldVersionCheck {

    private static final Logger log = LoggerFactory.getLogger(FoldVersionCheck.class);

    private final JdbcClient jdbc;
    private final RebuildJob rebuild;

    public FoldVersionCheck(JdbcClient jdbc, RebuildJob rebuild) {
        this.jdbc = jdbc;
        this.rebuild = rebuild;
    }

    /** The fold version the live read models were made with. */
    public int storedVersion() {
        return jdbc.sql("SELECT version FROM read_model_fold")
                .query(Integer.class)
                .single();
    }

    /** Starts a rebuild when the read models were made by another fold; whether it started one. */
    @EventListener(ApplicationReadyEvent.class)
    public boolean rebuildIfFoldedOtherwise() {
        int stored = storedVersion();
        if (stored == ContractFold.VERSION) {
            return false;
        }
        boolean started = rebuild.start();
        log.warn(
                "the read models were made by fold version {}, this build folds by version {}: {}",
                stored,
                ContractFold.VERSION,
                started ? "rebuilding them from contract.events" : "a rebuild already runs");
        return started;
    }
}
