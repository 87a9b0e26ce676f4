package com.slaledger.intake;

import com.slaledger.api.CommandResult;
import com.slaledger.api.ContractId;
import com.slaledger.api.json.SlaJson;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.stereotype.Component;

/**
 * Sends each result to the results topic and waits for the broker's acknowledgement, so that the
 * command's offset is only committed after its answer is safely out.
 */
@Component
public class ResultPublisher {

    private final KafkaTemplate<String, byte[]> kafka;
    private final IntakeProperties properties;

    public ResultPublisher(KafkaTemplate<String, byte[]> kafka, IntakeProperties properties) {
        this.kafka = kafka;
        this.properties = properties;
    }

    public void publish(CommandResult result) {
        try {
            send(kafka, properties, result).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing the result of " + result.commandId(), e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not publish the result of " + result.commandId(), e.getCause());
        }
    }

    /** Sends a result keyed by its contract, or by its commandId where the contract id is unreadable. */
    static CompletableFuture<SendResult<String, byte[]>> send(
            KafkaTemplate<String, byte[]> kafka, IntakeProperties properties, CommandResult result) {
        String key = result.contractId() != null && ContractId.isWellFormed(result.contractId())
                ? result.contractId()
                : result.commandId();
        return kafka.send(properties.resultsTopic(), key, SlaJson.mapper().writeValueAsBytes(result));
    }
}
