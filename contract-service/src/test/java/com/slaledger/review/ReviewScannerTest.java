package com.slaledger.review;

import static org.assertj.core.api.Assertions.assertThat;

import com.slaledger.ContractServiceTest;
import com.slaledger.api.Actor;
import com.slaledger.api.ClauseId;
import com.slaledger.api.ContractId;
import com.slaledger.api.Party;
import com.slaledger.api.command.FillInClause;
import com.slaledger.api.command.LeaveClauseOpen;
import com.slaledger.contract.ContractScenario;
import com.slaledger.contract.Issuance;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

@ContractServiceTest
class ReviewScannerTest {

    static final Instant TODAY = Instant.parse("2027-03-05T06:00:00Z");

    @Autowired
    ReviewScanner scanner;

    @Autowired
    CommandGateway commands;

    @Autowired
    JdbcClient jdbc;

    @Test
    void anOpenClausePastItsReviewByDateIsMarkedDueOnceAcrossRestartsOfTheScan() {
        ContractId id = ContractId.of("IT-REVIEW-1");
        send(id, ContractScenario.draftContract(id));
        send(
                id,
                new LeaveClauseOpen(
                        id,
                        ClauseId.of("overdue"),
                        "Response time",
                        "learn first",
                        LocalDate.parse("2027-03-01"),
                        null));
        send(
                id,
                new LeaveClauseOpen(
                        id, ClauseId.of("later"), "Helpdesk", "learn first", LocalDate.parse("2027-04-01"), null));
        send(
                id,
                new LeaveClauseOpen(
                        id, ClauseId.of("filled"), "Backups", "learn first", LocalDate.parse("2027-02-01"), null));
        send(id, new FillInClause(id, ClauseId.of("filled"), "Nightly backups.", null, null));

        int marked = scanner.scan(TODAY);

        assertThat(marked).isEqualTo(1);
        assertThat(storedTypes(id)).endsWith("ReviewBecameDue");
        assertThat(scanner.scan(TODAY)).isZero();
        assertThat(jdbc.sql("SELECT clause_id FROM review_schedule WHERE contract_id = ?")
                        .param(id.value())
                        .query(String.class)
                        .list())
                .containsExactly("later");
    }

    private List<String> storedTypes(ContractId id) {
        return jdbc
                .sql(
                        "SELECT payload_type FROM domain_event_entry WHERE aggregate_identifier = ? ORDER BY sequence_number")
                .param(id.value())
                .query(String.class)
                .list()
                .stream()
                .map(type -> type.substring(type.lastIndexOf('.') + 1))
                .toList();
    }

    private void send(ContractId id, Object command) {
        Issuance issuance = new Issuance(
                UUID.randomUUID().toString(),
                new Actor(Party.CLIENT, "it@acme.example"),
                Instant.parse("2027-01-10T10:00:00Z"),
                null,
                null);
        commands.sendAndWait(GenericCommandMessage.asCommandMessage(command).withMetaData(issuance.toMetaData()));
    }
}
