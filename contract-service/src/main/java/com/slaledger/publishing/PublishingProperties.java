package com.slaledger.publishing;

import com.slaledger.platform.Settings;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param eventsTopic where every stored event is published, in its envelope
 * @param partitions partitions of the events topic when the service creates it
 */
@ConfigurationProperties("sla.publishing")
public record PublishingProperties(
        @DefaultValue("contract.events") String eventsTopic,
        @DefaultValue("4") int partitions) {

    public PublishingProperties {
        Settings.topic("sla.publishing.events-topic", eventsTopic);
        Settings.atLeast("sla.publishing.partitions", partitions, 1);
    }
}
