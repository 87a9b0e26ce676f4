package com.slaledger;

import com.slaledger.api.CommandResult;
import com.slaledger.intake.IntakeProperties;
import com.slaledger.intake.ResultPublisher;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.kafka.core.KafkaTemplate;

/** Lets a test make the next publication of a given command's result fail, as a broker outage would. */
@TestConfiguration(proxyBeanMethods = false)
public class FaultInjection {

    @Bean
    @Primary
    FailingResultPublisher failingResultPublisher(KafkaTemplate<String, byte[]> kafka, IntakeProperties properties) {
        return new FailingResultPublisher(kafka, properties);
    }

    public static class FailingResultPublisher extends ResultPublisher {

        private final Set<String> failOnce = ConcurrentHashMap.newKeySet();
        private final Set<String> failAlways = ConcurrentHashMap.newKeySet();

        FailingResultPublisher(KafkaTemplate<String, byte[]> kafka, IntakeProperties properties) {
            super(kafka, properties);
        }

        public void failOnceFor(String commandId) {
            failOnce.add(commandId);
        }

        public void failAlwaysFor(String commandId) {
            failAlways.add(commandId);
        }

        /** The fault is fixed: results for this command go out again. */
        public void recover(String commandId) {
            failAlways.remove(commandId);
        }

        @Override
        public void publish(CommandResult result) {
            if (failOnce.remove(result.commandId()) || failAlways.contains(result.commandId())) {
                throw new IllegalStateException("injected: the broker did not acknowledge the result");
            }
            super.publish(result);
        }
    }
}
