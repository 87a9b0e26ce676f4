package com.slaledger.security;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.util.unit.DataSize;

/** The request body limit of both services, ahead of every other filter (security included). */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(HttpLimitsAutoConfiguration.HttpLimits.class)
public class HttpLimitsAutoConfiguration {

    /** @param maxBodyBytes the largest request body either service accepts (413 beyond) */
    @ConfigurationProperties("sla.http")
    public record HttpLimits(@DefaultValue("256KB") DataSize maxBodyBytes) {}

    @Bean
    FilterRegistrationBean<RequestBodyLimit> requestBodyLimit(HttpLimits limits) {
        FilterRegistrationBean<RequestBodyLimit> registration = new FilterRegistrationBean<>(
                new RequestBodyLimit(Math.toIntExact(limits.maxBodyBytes().toBytes())));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }
}
