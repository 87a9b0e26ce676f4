package com.slaledger.platform;

import com.slaledger.api.json.SlaJson;
import java.time.Clock;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;

/** What both services share, declared once: the published language's JSON setup and the clock. */
@AutoConfiguration
public class SlaPlatformAutoConfiguration {

    /** The one JSON setup of shared-events, applied to Spring's mapper too. */
    @Bean
    JsonMapperBuilderCustomizer slaJson() {
        return SlaJson::configure;
    }

    /** The service's clock: every time rule judges by it (tests may give their own). */
    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }
}
