package com.slaledger.local;

import com.slaledger.api.CommandResult;
import com.slaledger.api.json.SlaJson;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The seed's story, played over Kafka as an integration system would: a client rents servers from a
 * supplier, signs SLA 1.0 with two clauses left open, lives through breaches (one credited, one as
 * experience, then the monthly cap), fills the open clauses in together to reach SLA 2.0, and
 * records its satisfaction.
 */
final class Demo {

    private final CommandClient commands;
    private final String projectionUrl;
    private final String token;
    private final PrintStream out;
    private final String contractId;
    private final LocalDate lastMonth;

    Demo(CommandClient commands, String projectionUrl, String token, PrintStream out) {
        this.commands = commands;
        this.projectionUrl = projectionUrl;
        this.token = token;
        this.out = out;
        this.contractId = "SLA-ACME-HOSTING-" + Instant.now().getEpochSecond();
        this.lastMonth = LocalDate.now(ZoneOffset.UTC).withDayOfMonth(1).minusMonths(1);
    }

    String play() {
        out.println("\n== Demo: " + contractId + " ==");
        step(
                "ACME Logistics drafts a contract to rent servers from HostCo",
                "CLIENT",
                "DraftContract",
                p -> p.put("clientId", "acme-logistics")
                        .put("clientName", "ACME Logistics")
                        .put("supplierId", "hostco")
                        .put("supplierName", "HostCo Managed Services")
                        .put("title", "Rented servers, operated and maintained")
                        .put("ownership", "SUPPLIER_OWNED")
                        .put("atRiskPercent", 12)
                        .put("startDate", lastMonth.toString())
                        .set("monthlyFee", money("12500.00")));
        step(
                "Availability 99.8 % a month, 5 % credit per breach",
                "CLIENT", "DraftClause", p -> {
                    p.put("clauseId", "availability")
                            .put("heading", "Availability")
                            .put("creditPercent", 5)
                            .put("text", "The rented servers are available 99.8 % of each calendar month.");
                    p.putObject("serviceLevel")
                            .put("metric", "AVAILABILITY")
                            .put("target", 99.8)
                            .put("unit", "PERCENT")
                            .put("window", "MONTH");
                });
        String reviewBy = LocalDate.now(ZoneOffset.UTC).plusDays(30).toString();
        step(
                "Response time left open: we agree it once we know the incidents",
                "SUPPLIER",
                "LeaveClauseOpen",
                p -> p.put("clauseId", "response-time")
                        .put("heading", "Response time")
                        .put("intent", "Priority 1 incidents are answered fast; we fix the minutes together.")
                        .put("reviewBy", reviewBy));
        step(
                "Change windows left open as well",
                "CLIENT",
                "LeaveClauseOpen",
                p -> p.put("clauseId", "change-windows")
                        .put("heading", "Change windows")
                        .put("intent", "Maintenance does not hinder the warehouse's peak hours.")
                        .put("reviewBy", reviewBy));
        step("The client signs", "CLIENT", "SignContract", p -> {});
        step("The supplier signs: SLA 1.0", "SUPPLIER", "SignContract", p -> {});
        step(
                "An outage breaches availability: a credit accrues",
                "CLIENT",
                "RecordBreach",
                p -> breach(p, "INC-1001", "availability", 3, "97.1", "PERCENT"));
        step(
                "A slow answer on the open clause is recorded as experience",
                "CLIENT",
                "RecordBreach",
                p -> breach(p, "INC-1002", "response-time", 5, "55", "MINUTES"));
        step(
                "Another slow answer: more experience",
                "CLIENT",
                "RecordBreach",
                p -> breach(p, "INC-1005", "response-time", 8, "40", "MINUTES"));
        step(
                "A second outage",
                "CLIENT",
                "RecordBreach",
                p -> breach(p, "INC-1003", "availability", 12, "98.9", "PERCENT"));
        step(
                "A third outage hits the monthly cap",
                "CLIENT",
                "RecordBreach",
                p -> breach(p, "INC-1004", "availability", 20, "99.2", "PERCENT"));
        printEvidence("response-time", 2);
        step("The supplier proposes to fill in the response time", "SUPPLIER", "FillInClause", p -> {
            p.put("clauseId", "response-time")
                    .put("text", "Priority 1 incidents are answered within 30 minutes, day and night.")
                    .put("creditPercent", 2.5);
            p.putObject("serviceLevel")
                    .put("metric", "RESPONSE_TIME")
                    .put("target", 30)
                    .put("unit", "MINUTES")
                    .put("window", "MONTH");
        });
        step("The client agrees: SLA 1.1", "CLIENT", "AgreeToChange", p -> p.put("clauseId", "response-time"));
        step(
                "The client proposes the change windows",
                "CLIENT",
                "FillInClause",
                p -> p.put("clauseId", "change-windows")
                        .put("text", "Changes happen on Sundays between 02:00 and 06:00."));
        step(
                "The supplier agrees: the last open clause is filled in, SLA 2.0",
                "SUPPLIER",
                "AgreeToChange",
                p -> p.put("clauseId", "change-windows"));
        step(
                "The client records its satisfaction",
                "CLIENT",
                "RecordSatisfaction",
                p -> p.put("period", lastMonth.toString().substring(0, 7))
                        .put("score", 8)
                        .put("wouldRecommend", true)
                        .put("comment", "Outages hurt, but we shaped the SLA together."));
        awaitProjection();
        String base = projectionUrl + "/api/contracts/" + contractId;
        out.println("\nThe contract at 2.0:    " + base + "/versions/2.0");
        out.println("The history:           " + base + "/history");
        out.println("The diff 1.0 -> 2.0:   " + base + "/diff?from=1.0&to=2.0");
        out.println("The credit ledger:     " + base + "/credits");
        out.println("The verify result:     " + base + "/history/verify");
        out.println("The supplier scorecard: " + projectionUrl + "/api/suppliers/hostco/scorecard");
        printPinch();
        return contractId;
    }

    /** What the experience says before the parties fill the clause in (issue: experience into numbers). */
    private void printEvidence(String clauseId, int breaches) {
        String path = "/api/contracts/" + contractId + "/clauses/" + clauseId + "/evidence";
        JsonNode evidence = awaitJson(path, json -> json.path("breaches").size() >= breaches);
        out.println("\nEvidence for " + clauseId + " before it is filled in:  " + projectionUrl + path);
        if (evidence == null) {
            out.println("  (the projection has not caught up yet)");
            return;
        }
        JsonNode spread = evidence.path("spread").path(0);
        JsonNode suggested = evidence.path("suggestedServiceLevel");
        out.printf(
                "  %d breaches while open; measured %s to %s %s (median %s); suggested %s %s %s per month,"
                        + " met in %d of %d months%n%n",
                evidence.path("breaches").size(),
                spread.path("min").asString(),
                spread.path("max").asString(),
                spread.path("unit").asString(),
                spread.path("median").asString(),
                suggested.path("level").path("metric").asString(),
                suggested.path("level").path("target").asString(),
                suggested.path("level").path("unit").asString(),
                suggested.path("monthsMet").asInt(),
                suggested.path("monthsWithMeasurements").asInt());
    }

    /** The agreed clauses that pinch, most first, with their scores. */
    private void printPinch() {
        String path = "/api/contracts/" + contractId + "/pinch";
        JsonNode pinch = awaitJson(path, json -> json.path("clauses").size() > 0);
        out.println("Clauses that pinch:    " + projectionUrl + path);
        if (pinch == null) {
            return;
        }
        for (JsonNode clause : pinch.path("clauses")) {
            StringBuilder reasons = new StringBuilder();
            for (JsonNode reason : clause.path("reasons")) {
                if (reason.path("contribution").decimalValue().signum() > 0) {
                    reasons.append(reasons.length() == 0 ? "" : ", ")
                            .append(reason.path("reason").asString());
                }
            }
            out.printf(
                    "  %-16s %s  %s%n",
                    clause.path("clauseId").asString(),
                    clause.path("score").asString(),
                    reasons.length() == 0 ? "(nothing pinches)" : reasons);
        }
    }

    private JsonNode awaitJson(String path, java.util.function.Predicate<JsonNode> ready) {
        HttpClient http = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plusSeconds(30);
        while (Instant.now().isBefore(deadline)) {
            try {
                HttpResponse<String> response = http.send(
                        HttpRequest.newBuilder(URI.create(projectionUrl + path))
                                .header("Authorization", "Bearer " + token)
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    JsonNode json = SlaJson.mapper().readTree(response.body());
                    if (ready.test(json)) {
                        return json;
                    }
                }
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            } catch (java.io.IOException e) {
                // not up yet
            }
        }
        return null;
    }

    private void step(String what, String party, String type, Consumer<ObjectNode> payload) {
        ObjectNode envelope = SlaJson.mapper().createObjectNode();
        envelope.put("type", type)
                .put("contractId", contractId)
                .put("issuedAt", Instant.now().toString());
        envelope.putObject("issuedBy")
                .put("party", party)
                .put("actor", party.equals("CLIENT") ? "it-manager@acme.example" : "servicedesk@hostco.example");
        payload.accept(envelope.putObject("payload"));
        CommandResult result = commands.send(envelope, Duration.ofSeconds(30));
        out.printf(
                "  %-64s %-20s %s%s%n",
                what,
                type,
                result.status() + (result.code() == null ? "" : " " + result.code() + ": " + result.message()),
                result.contractVersion() == null ? "" : "  (version " + result.contractVersion() + ")");
        if (result.status() != CommandResult.Status.ACCEPTED) {
            throw new IllegalStateException("the demo expected " + type + " to be accepted");
        }
    }

    private void breach(ObjectNode payload, String id, String clause, int day, String measured, String unit) {
        breach(payload, id, clause, day);
        payload.putObject("measured")
                .put("value", new java.math.BigDecimal(measured))
                .put("unit", unit);
    }

    private void breach(ObjectNode payload, String id, String clause, int day) {
        payload.put("breachId", id)
                .put("clauseId", clause)
                .put(
                        "occurredAt",
                        lastMonth
                                .withDayOfMonth(day)
                                .atTime(2, 15)
                                .toInstant(ZoneOffset.UTC)
                                .toString())
                .put("description", "Incident " + id);
    }

    private static ObjectNode money(String amount) {
        return SlaJson.mapper().createObjectNode().put("amount", amount).put("currency", "EUR");
    }

    private void awaitProjection() {
        if (awaitJson("/api/contracts/" + contractId + "/versions/2.0", json -> true) == null) {
            out.println("(the projection has not caught up yet; the links will work shortly)");
        }
    }
}
