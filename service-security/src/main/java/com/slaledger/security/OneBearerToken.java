package com.slaledger.security;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Collections;
import org.springframework.http.HttpHeaders;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.BearerTokenErrors;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;

/**
 * A request's bearer token, from its one {@code Authorization} header. Spring's resolver reads the
 * first of several such headers and ignores the rest, while a proxy in front may have checked or
 * logged another: which caller the request speaks for is then ambiguous, and it is refused as
 * UNAUTHENTICATED, as the command intake refuses a record with two {@code authorization} headers
 * ({@code RecordSenders}). One header is read as Spring reads it.
 */
final class OneBearerToken implements BearerTokenResolver {

    private final BearerTokenResolver headers = new DefaultBearerTokenResolver();

    @Override
    public String resolve(HttpServletRequest request) {
        if (Collections.list(request.getHeaders(HttpHeaders.AUTHORIZATION)).size() > 1) {
            throw new OAuth2AuthenticationException(BearerTokenErrors.invalidRequest(
                    "the request has more than one Authorization header: which caller it speaks for is ambiguous"));
        }
        return headers.resolve(request);
    }
}
