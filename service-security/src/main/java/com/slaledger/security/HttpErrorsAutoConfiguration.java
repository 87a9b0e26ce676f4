package com.slaledger.security;

import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * Every HTTP error either service answers is Problem Details with a stable code, whichever layer
 * refuses the request (README, "HTTP errors"; ADR 0020): Tomcat before any filter ({@link
 * ProblemReportValve}), Spring Security's firewall (a path with {@code ;}, {@code %25}, {@code ..}
 * and the like), Spring MVC ({@link FrameworkProblems}), and Spring Boot's error page ({@link
 * ProblemErrorController}), and a query parameter the endpoint does not read ({@link
 * DefinedParameters}). Ahead of Boot's web configuration, whose handler and error controller
 * give way to these.
 */
@AutoConfiguration(
        beforeName = {
            "org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration",
            "org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration"
        })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class HttpErrorsAutoConfiguration {

    @Bean
    FrameworkProblems frameworkProblems() {
        return new FrameworkProblems();
    }

    /** A query parameter the endpoint does not read, refused as INVALID instead of ignored. */
    @Bean
    DefinedParameters definedParameters() {
        return new DefinedParameters();
    }

    @Bean
    ProblemErrorController problemErrorController() {
        return new ProblemErrorController();
    }

    /**
     * Spring Security's firewall with one rule added: a query value may not hold a control
     * character, as its name may not (the firewall's default). A value was let through as sent,
     * and PostgreSQL holds no U+0000 in text, so {@code /api/contracts?clientId=a%00} reached the
     * list's query and was answered 500 INTERNAL_ERROR; now it is 400 UNREADABLE_REQUEST, checked
     * when a value is first read ({@link DefinedParameters} reads them all under {@code /api/}).
     */
    @Bean
    HttpFirewall firewall() {
        StrictHttpFirewall firewall = new StrictHttpFirewall();
        firewall.setAllowedParameterValues(value -> value.codePoints().noneMatch(Character::isISOControl));
        return firewall;
    }

    /** A request the firewall refuses, answered here: by default it went on to the error page, a 400 without a code. */
    @Bean
    RequestRejectedHandler problemsForRejectedRequests() {
        return (request, response, rejected) -> Problems.write(response, Problems.refused(rejected));
    }

    /**
     * Tomcat's error report valve replaced by {@link ProblemReportValve}. Ordered after Spring Boot's
     * customizer, which adds a plain one to the host.
     */
    @Bean
    WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> problemReports() {
        return new ProblemReports();
    }

    private static final class ProblemReports
            implements WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory>, Ordered {

        @Override
        public void customize(ConfigurableTomcatWebServerFactory factory) {
            factory.addContextCustomizers(context -> {
                if (context.getParent() instanceof StandardHost host) {
                    for (Valve valve : host.getPipeline().getValves()) {
                        if (valve instanceof ErrorReportValve) {
                            host.getPipeline().removeValve(valve);
                        }
                    }
                    // The host adds a valve of this class when it starts, unless it has one.
                    host.setErrorReportValveClass(ProblemReportValve.class.getName());
                    host.getPipeline().addValve(new ProblemReportValve());
                }
            });
        }

        @Override
        public int getOrder() {
            return Ordered.LOWEST_PRECEDENCE;
        }
    }
}
