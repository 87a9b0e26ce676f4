package com.slaledger.security;

import com.slaledger.api.json.SlaJson;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;
import org.springframework.web.util.UrlPathHelper;
import tools.jackson.core.SerializableString;
import tools.jackson.core.io.CharacterEscapes;
import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.databind.ObjectWriter;

/**
 * Every request that asks either service to change something under {@code /api/admin/} (any method
 * but GET, HEAD and OPTIONS) leaves one line on the logger {@value #LOGGER}, whatever its outcome: a
 * re-drive of dead letters, a rebuild, the retry of a parked contract, and the attempts refused for
 * want of a token or of the ADMIN role. The line is a JSON object in printable ASCII (everything
 * else escaped), so that a value from the request or the token (a path, a subject) cannot start a
 * line of its own or speak to a terminal: {@code method}, {@code path},
 * {@code query}, {@code by} (the token's {@code sub}, null without a valid token), {@code tokenId}
 * ({@code jti}), {@code roles}, {@code remote}, {@code status}, {@code code} (of a Problem Details
 * answer) and {@code tookMs}.
 *
 * <p>It runs ahead of Spring Security, so it sees the 401 and 403 answers too, and reads the caller
 * from the request attribute where the bearer-token filter saves the authenticated context.
 */
public class AdminActionLog extends OncePerRequestFilter {

    public static final String LOGGER = "sla.admin";
    static final String ADMIN_PATHS = "/api/admin/";

    private static final Logger log = LoggerFactory.getLogger(LOGGER);

    /** The shared mapper, writing every character outside printable ASCII as an escape. */
    private static final ObjectWriter LINES =
            SlaJson.mapper().writer().with(JsonWriteFeature.ESCAPE_NON_ASCII).with(new DeleteEscaped());

    /**
     * JSON's own escapes, and DEL (U+007F) escaped as well: JSON lets it through as it is,
     * and it is no more printable than the controls below it.
     */
    private static final class DeleteEscaped extends CharacterEscapes {

        private static final int[] ASCII = asciiEscapes();

        private static int[] asciiEscapes() {
            int[] escapes = CharacterEscapes.standardAsciiEscapesForJSON();
            escapes[0x7F] = CharacterEscapes.ESCAPE_STANDARD;
            return escapes;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ASCII;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return null;
        }
    }

    /**
     * The path as the handlers and Spring Security's rules see it: decoded, without the context
     * path. Matched on the raw URI, {@code /api/%61dmin/rebuild} would start a rebuild unlogged.
     */
    private static String path(HttpServletRequest request) {
        return UrlPathHelper.defaultInstance.getPathWithinApplication(request);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        // The method first: reads, the hot path, are passed on without decoding their path.
        String method = request.getMethod();
        return method.equals("GET")
                || method.equals("HEAD")
                || method.equals("OPTIONS")
                || !path(request).startsWith(ADMIN_PATHS);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long started = System.nanoTime();
        ContentCachingResponseWrapper answer = new ContentCachingResponseWrapper(response);
        Integer failed = null;
        try {
            chain.doFilter(request, answer);
        } catch (IOException | ServletException | RuntimeException e) {
            failed = HttpServletResponse.SC_INTERNAL_SERVER_ERROR;
            throw e;
        } finally {
            log.info(
                    LINES.writeValueAsString(line(request, answer, failed, (System.nanoTime() - started) / 1_000_000)));
            answer.copyBodyToResponse();
        }
    }

    private static Map<String, Object> line(
            HttpServletRequest request, ContentCachingResponseWrapper answer, Integer failed, long tookMs) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("method", request.getMethod());
        line.put("path", path(request));
        line.put("query", request.getQueryString());
        JwtAuthenticationToken caller = caller(request);
        line.put("by", caller == null ? null : caller.getToken().getSubject());
        line.put("tokenId", caller == null ? null : caller.getToken().getId());
        line.put("roles", caller == null ? null : Caller.arrayOfStrings(caller.getToken(), Caller.ROLES));
        line.put("remote", request.getRemoteAddr());
        line.put("status", failed != null ? failed : answer.getStatus());
        line.put("code", failed != null ? null : code(answer));
        line.put("tookMs", tookMs);
        return line;
    }

    private static JwtAuthenticationToken caller(HttpServletRequest request) {
        return request.getAttribute(RequestAttributeSecurityContextRepository.DEFAULT_REQUEST_ATTR_NAME)
                                instanceof SecurityContext context
                        && context.getAuthentication() instanceof JwtAuthenticationToken jwt
                ? jwt
                : null;
    }

    /** The {@code code} of a Problem Details answer, or null for any other answer. */
    private static String code(ContentCachingResponseWrapper answer) {
        String type = answer.getContentType();
        if (type == null || !type.startsWith(MediaType.APPLICATION_PROBLEM_JSON_VALUE)) {
            return null;
        }
        try {
            var code = SlaJson.mapper().readTree(answer.getContentAsByteArray()).get("code");
            return code != null && code.isString() ? code.asString() : null;
        } catch (RuntimeException unreadable) {
            return null;
        }
    }
}
