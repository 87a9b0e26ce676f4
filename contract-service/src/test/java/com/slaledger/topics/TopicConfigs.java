package com.slaledger.topics;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;

/** Topic settings changed by hand in tests, as an operator would with kafka-configs.sh. */
public final class TopicConfigs {

    private TopicConfigs() {}

    /** Sets the settings; the controller has taken them when this returns, the broker may not have yet. */
    public static void set(Admin admin, String topic, Map<String, String> settings) throws Exception {
        admin.incrementalAlterConfigs(Map.of(
                        resource(topic),
                        settings.entrySet().stream()
                                .map(setting -> new AlterConfigOp(
                                        new ConfigEntry(setting.getKey(), setting.getValue()),
                                        AlterConfigOp.OpType.SET))
                                .toList()))
                .all()
                .get(30, TimeUnit.SECONDS);
    }

    /**
     * Sets the settings and returns once the broker applies them: a KRaft broker does so after its
     * controller has taken them, so a read or a send at once could still meet the topic as it was.
     */
    public static void setAndAwait(Admin admin, String topic, Map<String, String> settings) throws Exception {
        set(admin, topic, settings);
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            Config now = admin.describeConfigs(List.of(resource(topic)))
                    .all()
                    .get(30, TimeUnit.SECONDS)
                    .get(resource(topic));
            return settings.entrySet().stream()
                    .allMatch(setting ->
                            setting.getValue().equals(now.get(setting.getKey()).value()));
        });
    }

    private static ConfigResource resource(String topic) {
        return new ConfigResource(ConfigResource.Type.TOPIC, topic);
    }
}
