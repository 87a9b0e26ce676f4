package com.slaledger.benchmarks;

import com.slaledger.api.BreachId;
import com.slaledger.api.ContractId;
import com.slaledger.api.Measurement;
import com.slaledger.api.ServiceLevel;
import com.slaledger.api.event.BreachRecorded;
import com.slaledger.api.event.CreditWaived;
import com.slaledger.api.event.EventEnvelope;
import com.slaledger.api.json.SlaJson;
import com.slaledger.api.view.BreachView;
import com.slaledger.api.view.ClauseView;
import com.slaledger.api.view.ContractFold;
import com.slaledger.api.view.ContractView;
import com.slaledger.api.view.SlaRules;
import com.slaledger.testsupport.Story;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import tools.jackson.databind.json.JsonMapper;

/**
 * The heap a contract's folded state holds per breach: what the aggregate keeps for every breach
 * of every contract it caches (ADR 0009), folded as the aggregate folds it
 * ({@link ContractFold#applyForDecisions}). Breaches of one clause over three months, each decided as
 * the aggregate decides it and read back through the shared JSON, as a reload from the store reads it.
 */
final class FoldMemory {

    private static final ContractId CONTRACT = ContractId.of("SLA-FOLD-MEMORY");

    private FoldMemory() {}

    /**
     * What a folded contract of many breaches costs: heap per breach, and the time of a waiver
     * followed by a new breach (a waiver replaces its breach in the list; a copy of the list there
     * made the pair O(breaches)).
     */
    record Figures(double bytesPerBreach, double microsPerWaiverAndBreach) {}

    /** Folds a contract of {@code breaches} breaches, then {@code waivers} waivers each followed by a breach. */
    static Figures measure(int breaches, int waivers) throws Exception {
        JsonMapper json = SlaJson.mapper();
        // Test support's contract, active from 2026-12-01, with an agreed clause earning 0.5 % a breach.
        List<EventEnvelope> setUp = Story.contract(CONTRACT.value())
                .agreedClause(Story.AVAILABILITY, "0.5")
                .signed()
                .envelopes();
        ContractView view = ContractFold.replay(setUp);
        long sequence = view.lastSequence() + 1;
        Instant start = view.activatedAt();
        long before = heapAfterCollection();
        Random random = new Random(7);
        for (int i = 0; i < breaches; i++) {
            Instant occurred = start.plusSeconds(random.nextInt(90 * 86_400));
            ClauseView clause = view.clause(Story.AVAILABILITY).orElseThrow();
            SlaRules.Judgement judged = SlaRules.judge(view, clause, occurred).orElseThrow();
            BreachRecorded decided = new BreachRecorded(
                    CONTRACT,
                    BreachId.of(UUID.randomUUID().toString()),
                    Story.AVAILABILITY,
                    occurred,
                    new Measurement(new BigDecimal("99." + random.nextInt(9)), ServiceLevel.Unit.PERCENT),
                    "outage of the primary site",
                    judged.treatment(),
                    judged.credit());
            BreachRecorded read = json.readValue(json.writeValueAsBytes(decided), BreachRecorded.class);
            Instant recorded = occurred.plusSeconds(60);
            view = ContractFold.applyForDecisions(view, read, new ContractFold.Stamp(sequence++, recorded));
        }
        long after = heapAfterCollection();
        if (view.breachCount() != breaches) {
            throw new IllegalStateException("folded " + view.breachCount() + " breaches, not " + breaches);
        }
        double bytes = (after - before) / (double) breaches;
        long started = System.nanoTime();
        for (int i = 0; i < waivers; i++) {
            BreachView waived = view.breaches().get(i * (breaches / waivers));
            // After every breach above (the aggregate does not hold when a breach occurred).
            Instant at = start.plusSeconds(90L * 86_400 + i * 60L);
            view = ContractFold.applyForDecisions(
                    view,
                    new CreditWaived(CONTRACT, BreachId.of(waived.breachId()), waived.credited(), "goodwill"),
                    new ContractFold.Stamp(sequence++, at));
            SlaRules.Judgement judged = SlaRules.judge(
                            view, view.clause(Story.AVAILABILITY).orElseThrow(), at)
                    .orElseThrow();
            view = ContractFold.applyForDecisions(
                    view,
                    new BreachRecorded(
                            CONTRACT,
                            BreachId.of(UUID.randomUUID().toString()),
                            Story.AVAILABILITY,
                            at,
                            null,
                            "outage of the primary site",
                            judged.treatment(),
                            judged.credit()),
                    new ContractFold.Stamp(sequence++, at));
        }
        double micros = (System.nanoTime() - started) / 1e3 / waivers;
        if (view.breaches().stream().filter(BreachView::waived).count() != waivers) {
            throw new IllegalStateException("not every waiver was folded");
        }
        return new Figures(bytes, micros);
    }

    private static long heapAfterCollection() throws InterruptedException {
        var memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
