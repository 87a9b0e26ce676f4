package com.slaledger.benchmarks;

import com.slaledger.api.json.SlaJson;
import java.util.List;
import java.util.function.Function;
import tools.jackson.databind.node.ObjectNode;

/** The command envelopes the benchmarks send. */
final class Commands {

    private Commands() {}

    static ObjectNode envelope(String type, String contractId, String party) {
        ObjectNode envelope = SlaJson.mapper().createObjectNode();
        envelope.put("type", type).put("contractId", contractId).put("issuedAt", "2026-11-27T12:00:00Z");
        envelope.putObject("issuedBy").put("party", party).put("actor", "bench@" + party.toLowerCase() + ".example");
        envelope.putObject("payload");
        return envelope;
    }

    /** The commands that take a contract from nothing to active (SLA 1.0), in order. */
    static final List<Function<String, ObjectNode>> TO_ACTIVE =
            List.of(Commands::draft, Commands::clause, c -> sign(c, "CLIENT"), c -> sign(c, "SUPPLIER"));

    static ObjectNode draft(String contractId) {
        ObjectNode e = envelope("DraftContract", contractId, "CLIENT");
        ObjectNode p = (ObjectNode) e.get("payload");
        p.put("clientId", "client-" + Math.abs(contractId.hashCode() % 50))
                .put("clientName", "Client")
                .put("supplierId", "hostco")
                .put("supplierName", "HostCo")
                .put("title", "Benchmark contract")
                .put("ownership", "SUPPLIER_OWNED")
                .put("atRiskPercent", 12)
                .put("startDate", "2026-01-01");
        p.putObject("monthlyFee").put("amount", "10000.00").put("currency", "EUR");
        return e;
    }

    static ObjectNode clause(String contractId) {
        ObjectNode e = envelope("DraftClause", contractId, "CLIENT");
        ((ObjectNode) e.get("payload"))
                .put("clauseId", "availability")
                .put("heading", "Availability")
                .put("text", "99.8 % a month")
                .put("creditPercent", 1);
        return e;
    }

    static ObjectNode openClause(String contractId) {
        return openClause(contractId, "2027-06-01");
    }

    static ObjectNode openClause(String contractId, String reviewBy) {
        ObjectNode e = envelope("LeaveClauseOpen", contractId, "SUPPLIER");
        ((ObjectNode) e.get("payload"))
                .put("clauseId", "response-time")
                .put("heading", "Response time")
                .put("intent", "We agree the minutes once we know the incidents.")
                .put("reviewBy", reviewBy);
        return e;
    }

    /** A breach with a measured value, on the given clause, in the given month of 2026. */
    static ObjectNode measuredBreach(
            String contractId, String breachId, String clauseId, int month, String value, String unit) {
        ObjectNode e = breach(contractId, breachId);
        ObjectNode p = (ObjectNode) e.get("payload");
        p.put("clauseId", clauseId).put("occurredAt", String.format("2026-%02d-15T00:00:00Z", month));
        p.putObject("measured").put("value", new java.math.BigDecimal(value)).put("unit", unit);
        return e;
    }

    static ObjectNode sign(String contractId, String party) {
        return envelope("SignContract", contractId, party);
    }

    static ObjectNode breach(String contractId, String breachId) {
        ObjectNode e = envelope("RecordBreach", contractId, "CLIENT");
        ((ObjectNode) e.get("payload"))
                .put("breachId", breachId)
                .put("clauseId", "availability")
                .put("occurredAt", "2026-06-01T00:00:00Z")
                .put("description", "benchmark outage");
        return e;
    }

    /** A clause of a draft with the given id and text. */
    static ObjectNode clause(String contractId, String clauseId, String text) {
        ObjectNode e = clause(contractId);
        ((ObjectNode) e.get("payload")).put("clauseId", clauseId).put("text", text);
        return e;
    }

    /**
     * A text of {@code length} characters of words drawn from {@code seed}: one string, which every
     * envelope that uses it shares, while the service reads each into a string of its own.
     */
    static String longText(int length, long seed) {
        java.util.Random random = new java.util.Random(seed);
        String[] words = {
            "availability", "of", "the", "primary", "link", "during", "backup", "window", "measured", "monthly"
        };
        StringBuilder text = new StringBuilder(length);
        while (text.length() < length) {
            text.append(words[random.nextInt(words.length)]).append(' ');
        }
        text.setLength(length);
        return text.toString();
    }
}
