package com.slaledger.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.slaledger.ContractServiceTest;
import com.slaledger.OwnerLogin;
import com.slaledger.SlowResults;
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

    /** As the event store's owner, who may add the slow trigger. */
    JdbcClient owner;

    private SlowResults slow;

    private final ExecutorService callers = Executors.newFixedThreadPool(8);

    @Autowired
    void connectAsOwner(DataSource dataSource) throws SQLException {
        owner = OwnerLogin.jdbc(dataSource);
    }

    @AfterEach
    void dropTheFault() {
        callers.shutdownNow();
        if (slow != null) {
            slow.close();
        }
    }

    /**
     * A SIGTERM while commands wait for the batch in progress: each of them is decided and answered.
     * They used to be failed with "the service is stopping", which the HTTP caller got as a 500 (the
     * fault suite's R11 caught one).
     */
    @Test
    void commandsWaitingWhenTheServiceStopsAreDecidedNotFailed() throws Exception {
        slow = SlowResults.forContract(owner, "batched_test_slow", "BATCHED-STOP-SLOW");
        List<CompletableFuture<CommandResult>> answers = new ArrayList<>();
        answers.add(draftLater("BATCHED-STOP-SLOW"));
        await().atMost(Duration.ofSeconds(10)).until(slow::started);
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
