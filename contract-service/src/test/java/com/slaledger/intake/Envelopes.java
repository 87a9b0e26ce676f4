package com.slaledger.intake;

import com.slaledger.api.Money;
import com.slaledger.api.Ownership;
import com.slaledger.api.Party;
import com.slaledger.api.command.ContractCommand;
import com.slaledger.api.command.DraftContract;
import com.slaledger.api.json.SlaJson;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import tools.jackson.databind.node.ObjectNode;

/** Command envelopes as an integration system would write them, built from the shared command records. */
public final class Envelopes {

    static final String ISSUED_AT = "2026-11-27T09:15:00Z";

    private Envelopes() {}

    public static ObjectNode envelope(Party party, ContractCommand command) {
        ObjectNode payload = SlaJson.mapper().valueToTree(command);
        payload.remove("contractId");
        ObjectNode envelope = SlaJson.mapper().createObjectNode();
        envelope.put("commandId", UUID.randomUUID().toString());
        envelope.put("type", command.getClass().getSimpleName());
        envelope.put("contractId", command.contractId().value());
        envelope.putObject("issuedBy")
                .put("party", party.name())
                .put("actor", party == Party.CLIENT ? "it@acme.example" : "desk@hostco.example");
        envelope.put("issuedAt", ISSUED_AT);
        envelope.set("payload", payload);
        return envelope;
    }

    public static byte[] bytes(ObjectNode envelope) {
        return SlaJson.mapper().writeValueAsBytes(envelope);
    }

    /** The envelope grown to {@code size} bytes by a member nobody defined. */
    static byte[] grownTo(ObjectNode envelope, int size) {
        String text = new String(bytes(envelope), StandardCharsets.UTF_8);
        String open = ",\"padding\":\"";
        return (text.substring(0, text.length() - 1) + open + "z".repeat(size - text.length() - open.length() - 1)
                        + "\"}")
                .getBytes(StandardCharsets.UTF_8);
    }

    public static DraftContract draft(String contractId) {
        return new DraftContract(
                com.slaledger.api.ContractId.of(contractId),
                "acme",
                "ACME Logistics",
                "hostco",
                "HostCo",
                "Rented servers",
                List.of("servers"),
                Ownership.SUPPLIER_OWNED,
                Money.of("10000.00", "EUR"),
                new BigDecimal("12"),
                LocalDate.parse("2026-01-01"),
                null);
    }
}
