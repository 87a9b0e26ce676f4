package com.slaledger.api.command;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A command only SLA Ledger itself issues (the review scanner's). It is not a public command type:
 * senders cannot send it, and the aggregate refuses it from anyone but the service.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface IssuedByTheService {}
