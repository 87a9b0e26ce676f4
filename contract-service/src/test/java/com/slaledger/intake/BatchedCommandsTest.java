package com.slaledger.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.slaledger.ContractServiceTest;
import com.slaledger.OwnerLogin;
import com.slaledger.api.Actor;
import com.slaledger.api.CommandResult;
import com.slaledger.api.Party;
import com.slaledger.contract.Issuance;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Group commit for HTTP commands ({@link BatchedCommands}) as the service stops. */
@ContractServiceTest
class BatchedCommandsTest {

    @Autowired
    BatchedCommands batched;

    /** As the event store's owner, who may add the fault's trigger. */
    JdbcClient owner;

    private final ExecutorService callers = Executors.newFixedThreadPool(8);

    @Autowired
    void connectAsOwner(DataSource dataSource) throws SQLException {
        owner = OwnerLogin.jdbc(dataSource);
    }

    @AfterEach
    void dropTheFault() {
        callers.shutdownNow();
        owner.sql("DROP TRIGGER IF EXISTS batched_test_slow ON processed_command")
                .update();
        owner.sql("DROP FUNCTION IF EXISTS batched_test_slow()").update();
        owner.sql("DROP SEQUENCE IF EXISTS batched_test_slow_started").update();
    }

    /**
     * A SIGTERM while commands wait for the batch in progress: each of them is decided and answered.
     * They used to be failed with "the service is stopping", which the HTTP caller got as a 500 (the
     * fault suite's R11 caught one).
     */
    @Test
    void commandsWaitingWhenTheServiceStopsAreDecidedNotFailed() throws Exception {
        owner.sql("CREATE SEQUENCE batched_test_slow_started").update();
        owner.sql("GRANT USAGE ON SEQUENCE batched_test_slow_started TO PUBLIC").update();
        owner.sql("""
                        CREATE FUNCTION batched_test_slow() RETURNS trigger AS $$
                        BEGIN
                            IF NEW.contract_id = 'BATCHED-STOP-SLOW' THEN
                                PERFORM nextval('batched_test_slow_started');
                                PERFORM pg_sleep(1);
                            END IF;
                            RETURN NEW;
                        END $$ LANGUAGE plpgsql""").update();
        owner.sql("CREATE TRIGGER batched_test_slow BEFORE INSERT ON processed_command"
                        + " FOR EACH ROW EXECUTE FUNCTION batched_test_slow()")
                .update();
        List<CompletableFuture<CommandResult>> answers = new ArrayList<>();
        answers.add(draftLater("BATCHED-STOP-SLOW"));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> owner.sql("SELECT is_called FROM batched_test_slow_started")
                        .query(Boolean.class)
                        .single());
        for (int i = 0; i < 5; i++) {
            answers.add(draftLater("BATCHED-STOP-" + i));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> batched.waiting() == 5);

        try {
            batched.stop();

            assertThat(batched.waiting()).isZero();
            CommandResult alone = batched.process(draft("BATCHED-STOP-AFTER"));
            assertThat(alone.status()).as("after the stop, handled alone").isEqualTo(CommandResult.Status.ACCEPTED);
        } finally {
            batched.start();
        }
        for (CompletableFuture<CommandResult> answer : answers) {
            CommandResult result = answer.get(10, TimeUnit.SECONDS);
            assertThat(result.status()).as(result.contractId()).isEqualTo(CommandResult.Status.ACCEPTED);
        }
    }

    private CompletableFuture<CommandResult> draftLater(String contractId) {
        return CompletableFuture.supplyAsync(() -> batched.process(draft(contractId)), callers);
    }

    private static Reading.Parsed draft(String contractId) {
        String commandId = "batched-" + UUID.randomUUID();
        return new Reading.Parsed(
                "DraftContract",
                Envelopes.draft(contractId),
                new Issuance(commandId, new Actor(Party.CLIENT, "it@acme.example"), Instant.now(), null, commandId));
    }
}
