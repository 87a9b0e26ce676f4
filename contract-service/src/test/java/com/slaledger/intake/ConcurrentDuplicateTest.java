package com.slaledger.intake;

import static com.slaledger.intake.Envelopes.bytes;
import static com.slaledger.intake.Envelopes.draft;
import static com.slaledger.intake.Envelopes.envelope;
import static org.assertj.core.api.Assertions.assertThat;

import com.slaledger.ContractServiceTest;
import com.slaledger.api.BreachId;
import com.slaledger.api.ClauseId;
import com.slaledger.api.CommandResult;
import com.slaledger.api.ContractId;
import com.slaledger.api.Party;
import com.slaledger.api.RejectionCode;
import com.slaledger.api.command.DraftClause;
import com.slaledger.api.command.RecordBreach;
import com.slaledger.api.command.SignContract;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Two consumers receiving the same command at the same moment: the unique key decides. */
@ContractServiceTest
class ConcurrentDuplicateTest {

    private static final ClauseId AVAILABILITY = ClauseId.of("availability");

    @Autowired
    EnvelopeReader reader;

    @Autowired
    CommandProcessor processor;

    @Autowired
    JdbcClient jdbc;

    @Test
    void theSameCommandProcessedTwiceAtOnceHasOneEffectAndTwoAnswers() throws Exception {
        ContractId id = activeContract("C-RACE-1");

        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 20; round++) {
                Reading breach = reader.read(bytes(envelope(Party.CLIENT, breach(id, round))));
                long before = eventCount(id);
                CyclicBarrier together = new CyclicBarrier(2);
                List<CompletableFuture<CommandResult>> answers = List.of(
                        CompletableFuture.supplyAsync(() -> processAfter(together, breach), pool),
                        CompletableFuture.supplyAsync(() -> processAfter(together, breach), pool));

                List<CommandResult> results =
                        answers.stream().map(CompletableFuture::join).toList();
                assertThat(results).extracting(CommandResult::status).containsOnly(CommandResult.Status.ACCEPTED);
                assertThat(results).extracting(CommandResult::duplicate).containsExactlyInAnyOrder(false, true);
                assertThat(results.get(0).sequence()).isEqualTo(results.get(1).sequence());
                assertThat(eventCount(id)).isEqualTo(before + 1);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * An outsider's copy of a party's record (a token limited to other parties) processed at the same
     * moment as the party's own: whichever reaches the store first, the outsider is told the
     * contract does not exist and the party's command takes effect, answered as new. Stored, the
     * outsider's refusal could have become the party's answer; answered from the store after a
     * lost race, the party's answer could have become the outsider's.
     */
    @Test
    void anOutsidersCopyRacingThePartysOwnRecordNeitherHearsNorTakesIt() throws Exception {
        ContractId id = activeContract("C-RACE-2");

        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 20; round++) {
                Reading.Parsed own = (Reading.Parsed) reader.read(bytes(envelope(Party.CLIENT, breach(id, round))));
                Reading copy = new Reading.Parsed(
                        own.type(), own.command(), own.issuance().permittedTo(Set.of("nobody")));
                long before = eventCount(id);
                CyclicBarrier together = new CyclicBarrier(2);
                CompletableFuture<CommandResult> party =
                        CompletableFuture.supplyAsync(() -> processAfter(together, own), pool);
                CompletableFuture<CommandResult> outsider =
                        CompletableFuture.supplyAsync(() -> processAfter(together, copy), pool);

                assertThat(party.join().status()).isEqualTo(CommandResult.Status.ACCEPTED);
                assertThat(party.join().duplicate()).isFalse();
                assertThat(outsider.join().code()).as("round " + round).isEqualTo(RejectionCode.NOT_FOUND);
                assertThat(outsider.join().sequence()).isNull();
                assertThat(eventCount(id)).isEqualTo(before + 1);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** A signed contract with one clause, {@code availability}. */
    private ContractId activeContract(String contractId) {
        ContractId id = ContractId.of(contractId);
        process(envelope(Party.CLIENT, draft(id.value())));
        process(envelope(
                Party.CLIENT, new DraftClause(id, AVAILABILITY, "A", "text", null, null, new BigDecimal("1"))));
        process(envelope(Party.CLIENT, new SignContract(id)));
        process(envelope(Party.SUPPLIER, new SignContract(id)));
        return id;
    }

    private static RecordBreach breach(ContractId id, int round) {
        return new RecordBreach(
                id, BreachId.of("b" + round), AVAILABILITY, Instant.parse("2026-05-01T00:00:00Z"), null, "outage");
    }

    private CommandResult processAfter(CyclicBarrier barrier, Reading reading) {
        try {
            barrier.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return processor.process(reading);
    }

    private void process(tools.jackson.databind.node.ObjectNode envelope) {
        assertThat(processor.process(reader.read(bytes(envelope))).status()).isEqualTo(CommandResult.Status.ACCEPTED);
    }

    private long eventCount(ContractId id) {
        return jdbc.sql("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ?")
                .param(id.value())
                .query(Long.class)
                .single();
    }
}
