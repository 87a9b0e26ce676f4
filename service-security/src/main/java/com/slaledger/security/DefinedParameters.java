package com.slaledger.security;

import com.slaledger.api.RejectionCode;
import com.slaledger.api.json.Wording;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.MethodParameter;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * A query parameter the endpoint does not read is refused as INVALID, never ignored: an auditor
 * who asked for {@code /api/contracts/X?asof=2026-01-01T00:00:00Z} (a lower-case o) got the
 * contract as it is now, in a 200 that read as the answer to the question asked, and {@code
 * ?clientid=acme} listed every client's contracts. The command envelope refuses a member nobody
 * defined for the same reason (ADR 0028).
 *
 * <p>What an endpoint reads is its {@code @RequestParam}s (an endpoint that takes them all as a
 * map takes any). It applies under {@code /api/}: the auditor's pages read their own query in the
 * browser, and the actuator and OpenAPI endpoints are the frameworks'.
 */
final class DefinedParameters implements HandlerInterceptor, WebMvcConfigurer {

    /** At most this many unknown parameters are named in one answer. */
    private static final int NAMED_AT_MOST = 10;

    private static final DefaultParameterNameDiscoverer NAMES = new DefaultParameterNameDiscoverer();

    /** What each endpoint reads, found once per endpoint. */
    private final Map<Method, Reads> taken = new ConcurrentHashMap<>();

    /** The names an endpoint reads, or {@code any} when it takes them all as a map. */
    private record Reads(boolean any, Set<String> names) {}

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this).addPathPatterns("/api/**");
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
            throws IOException {
        if (!(handler instanceof HandlerMethod endpoint)) {
            return true;
        }
        Reads reads = taken.computeIfAbsent(endpoint.getMethod(), method -> readsOf(endpoint));
        if (reads.any()) {
            return true;
        }
        Set<String> sent;
        try {
            sent = request.getParameterMap().keySet();
        } catch (RequestRejectedException e) {
            // The firewall checks every name once they are all asked for: a NUL or a control
            // character in one is refused as it refuses them in a path, not left to answer 500.
            Problems.write(response, Problems.refused(e));
            return false;
        }
        List<String> unknown = sent.stream()
                .filter(name -> !reads.names().contains(name))
                .sorted()
                .toList();
        if (unknown.isEmpty()) {
            return true;
        }
        Problems.write(response, Problems.of(RejectionCode.INVALID, message(unknown, reads.names())));
        return false;
    }

    static String message(List<String> unknown, Set<String> names) {
        String shown = unknown.stream()
                .limit(NAMED_AT_MOST)
                .map(name -> name.isEmpty() ? "\"\"" : Wording.echo(name))
                .collect(Collectors.joining(", "));
        return shown + (unknown.size() == 1 ? " is not a parameter" : " are not parameters")
                + " of this endpoint; it takes " + (names.isEmpty() ? "none" : String.join(", ", names));
    }

    private static Reads readsOf(HandlerMethod endpoint) {
        boolean any = false;
        Set<String> names = new TreeSet<>();
        String[] discovered = NAMES.getParameterNames(endpoint.getMethod());
        for (MethodParameter parameter : endpoint.getMethodParameters()) {
            RequestParam annotation = parameter.getParameterAnnotation(RequestParam.class);
            if (annotation == null) {
                continue;
            }
            if (Map.class.isAssignableFrom(parameter.getParameterType())) {
                any = true;
            } else if (!annotation.name().isEmpty()) {
                names.add(annotation.name());
            } else if (discovered != null) {
                names.add(discovered[parameter.getParameterIndex()]);
            }
        }
        return new Reads(any, names);
    }
}
