package com.slaledger.security;

import com.slaledger.platform.Settings;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.util.unit.DataSize;

/**
 * The filters both services run ahead of every other (security included): the log of admin actions
 * ({@link AdminActionLog}), first so that it sees every answer, the body limit's and Spring
 * Security's too, then the request body limit.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(HttpLimitsAutoConfiguration.HttpLimits.class)
public class HttpLimitsAutoConfiguration {

    /** @param maxBodyBytes the largest request body either service accepts (413 beyond) */
    @ConfigurationProperties("sla.http")
    public record HttpLimits(@DefaultValue("256KB") DataSize maxBodyBytes) {

        /** A command's envelope alone takes a few hundred bytes; the largest command is 256 KB. */
        static final DataSize LEAST = DataSize.ofKilobytes(1);

        static final DataSize MOST = DataSize.ofMegabytes(64);

        public HttpLimits {
            Settings.size("sla.http.max-body-bytes", maxBodyBytes, LEAST, MOST);
        }
    }

    @Bean
    FilterRegistrationBean<RequestBodyLimit> requestBodyLimit(HttpLimits limits) {
        FilterRegistrationBean<RequestBodyLimit> registration = new FilterRegistrationBean<>(
                new RequestBodyLimit(Math.toIntExact(limits.maxBodyBytes().toBytes())));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
        return registration;
    }

    @Bean
    FilterRegistrationBean<AdminActionLog> adminActionLog() {
        FilterRegistrationBean<AdminActionLog> registration = new FilterRegistrationBean<>(new AdminActionLog());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }
}
