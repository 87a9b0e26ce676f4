package com.slaledger.kafka;

import com.slaledger.platform.Settings;
import java.time.Duration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.listener.MessageListenerContainer;

/** Both services' listener containers are started again after an Error stopped them (ADR 0036). */
@AutoConfiguration
@ConditionalOnClass(MessageListenerContainer.class)
@EnableConfigurationProperties(ListenerRestartsAutoConfiguration.RestartSettings.class)
public class ListenerRestartsAutoConfiguration {

    /**
     * @param firstDelay how long after an Error a container is started again the first time
     * @param maxDelay the longest delay, reached by doubling; a container that ran this long since
     *     its last restart starts from {@code firstDelay} again
     */
    @ConfigurationProperties("sla.kafka.restart")
    public record RestartSettings(
            @DefaultValue("PT1S") Duration firstDelay,
            @DefaultValue("PT1M") Duration maxDelay) {

        static final Duration MOST = Duration.ofHours(1);

        public RestartSettings {
            Settings.positiveUpTo("sla.kafka.restart.first-delay", firstDelay, MOST);
            Settings.positiveUpTo("sla.kafka.restart.max-delay", maxDelay, MOST);
            Settings.atLeast("sla.kafka.restart.max-delay", maxDelay, "sla.kafka.restart.first-delay", firstDelay);
        }
    }

    @Bean
    ListenerRestarts listenerRestarts(RestartSettings settings) {
        return new ListenerRestarts(settings.firstDelay(), settings.maxDelay());
    }
}
