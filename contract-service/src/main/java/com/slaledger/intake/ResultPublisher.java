package com.slaledger.intake;

import com.slaledger.api.CommandResult;
import com.slaledger.api.ContractId;
import com.slaledger.api.json.SlaJson;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Sends results to the results topic, keyed by their contract. The intake sends a poll's results
 * together and waits for all acknowledgements before its offsets are committed, so a command's
 * offset is only committed after its answer is safely out.
 */
@Component
public class ResultPublisher {

    private final KafkaTemplate<String, byte[]> kafka;
    private final IntakeProperties properties;

    public ResultPublisher(KafkaTemplate<String, byte[]> kafka, IntakeProperties properties) {
        this.kafka = kafka;
        this.properties = properties;
    }

    /** Sends a result keyed by its contract, or by its commandId where the contract id is unreadable. */
    public CompletableFuture<?> send(CommandResult result) {
        String key = result.contractId() != null && ContractId.isWellFormed(result.contractId())
                ? result.contractId()
                : result.commandId();
        return kafka.send(properties.resultsTopic(), key, SlaJson.mapper().writeValueAsBytes(result));
    }

    /** Sends what is buffered without waiting for linger.ms. */
    public void flush() {
        kafka.flush();
    }

    /** Sends one result and waits for its acknowledgement. */
    public void publish(CommandResult result) {
        try {
            send(result).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing the result of " + result.commandId(), e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not publish the result of " + result.commandId(), e.getCause());
        }
    }
}
