package com.slaledger.api.json;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.DeserializationConfig;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.deser.ValueInstantiator;
import tools.jackson.databind.deser.ValueInstantiators;
import tools.jackson.databind.deser.std.StdValueInstantiator;
import tools.jackson.databind.module.SimpleModule;

/**
 * Records, and anything else read through a constructor or static factory with arguments, made
 * through a method handle that spreads the argument array, built once per type. Jackson 3 calls
 * such a creator with {@code MethodHandle.invokeWithArguments}, which on Java 17 builds a new
 * spreading invoker on every call: a tenth of what the rebuild's writers allocated, and several
 * per cent of their CPU, went there (JFR, ADR 0009). Nothing else changes: the same creator, the
 * same argument conversions, and a failure inside it reported as Jackson's own instantiator
 * reports it ({@code CreatorsTest}).
 */
final class Creators {

    private Creators() {}

    static SimpleModule module() {
        return new SimpleModule("sla-creators") {
            @Override
            public void setupModule(SetupContext context) {
                super.setupModule(context);
                context.addValueInstantiators(new Spreading());
            }
        };
    }

    /** Replaces Jackson's standard instantiator wherever its creator with arguments can be spread. */
    private static final class Spreading extends ValueInstantiators.Base {

        @Override
        public ValueInstantiator modifyValueInstantiator(
                DeserializationConfig config, BeanDescription.Supplier type, ValueInstantiator standard) {
            if (standard.getClass() != StdValueInstantiator.class
                    || standard.getWithArgsCreator() == null
                    || !(standard.getWithArgsCreator().getAnnotated() instanceof Executable creator)) {
                return standard;
            }
            MethodHandle spread = spreading(creator);
            return spread == null ? standard : new Spread((StdValueInstantiator) standard, spread);
        }

        /** {@code (Object[]) -> Object} calling {@code creator}, or null where that cannot be had. */
        private static MethodHandle spreading(Executable creator) {
            try {
                MethodHandle direct;
                if (creator instanceof Constructor<?> constructor) {
                    direct = MethodHandles.lookup().unreflectConstructor(constructor);
                } else if (creator instanceof Method method && Modifier.isStatic(method.getModifiers())) {
                    direct = MethodHandles.lookup().unreflect(method);
                } else {
                    return null;
                }
                return direct.asFixedArity()
                        .asSpreader(Object[].class, creator.getParameterCount())
                        .asType(MethodType.methodType(Object.class, Object[].class));
            } catch (IllegalAccessException | RuntimeException e) {
                // Not accessible from here: Jackson's own call stays.
                return null;
            }
        }
    }

    /** Jackson's standard instantiator, but for how it calls its creator with arguments. */
    static final class Spread extends StdValueInstantiator {

        private final MethodHandle creator;

        Spread(StdValueInstantiator standard, MethodHandle creator) {
            super(standard);
            this.creator = creator;
        }

        @Override
        public Object createFromObjectWith(DeserializationContext context, Object[] arguments) throws JacksonException {
            try {
                return (Object) creator.invokeExact(arguments);
            } catch (Exception e) {
                // As StdValueInstantiator reports a creator's failure: a record's own check
                // becomes the same error, with the same message, as before.
                return context.handleInstantiationProblem(_valueClass, arguments, rewrapCtorProblem(context, e));
            } catch (Error e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
        }
    }
}
