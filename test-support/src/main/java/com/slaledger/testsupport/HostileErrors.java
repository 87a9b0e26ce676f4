package com.slaledger.testsupport;

import java.util.List;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/**
 * {@link Error}s a listener may meet: the heap or the stack running out, a class that failed to load
 * or initialise, a failed assertion, the JVM's own trouble, or an Error of a library's own, each with
 * a message that may be empty, long or full of control characters. Spring Kafka stops a listener
 * container on any of them; the services must start it again and lose nothing.
 */
public final class HostileErrors {

    private static final List<Function<String, Error>> KINDS = List.of(
            OutOfMemoryError::new,
            StackOverflowError::new,
            AssertionError::new,
            NoClassDefFoundError::new,
            message -> new ExceptionInInitializerError(message),
            InternalError::new,
            LinkageError::new,
            message -> new VirtualMachineError(message) {},
            message -> new Error(message, new IllegalStateException("cause")) {});

    private HostileErrors() {}

    public static Arbitrary<Error> errors() {
        Arbitrary<String> messages = Arbitraries.oneOf(
                Arbitraries.just(""),
                Arbitraries.strings().ofMaxLength(40),
                Arbitraries.strings().all().ofMinLength(1).ofMaxLength(20_000));
        return Arbitraries.of(KINDS).flatMap(kind -> messages.map(message -> kind.apply("injected: " + message)));
    }
}
