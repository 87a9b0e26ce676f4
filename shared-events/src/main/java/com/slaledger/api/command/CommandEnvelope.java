package com.slaledger.api.command;

import com.slaledger.api.Actor;
import java.time.Instant;
import tools.jackson.databind.JsonNode;

/**
 * A command as integration systems send it, on {@code contract.commands} or to
 * {@code POST /api/commands}. {@code commandId} is the idempotency key; {@code expectedVersion} is
 * the contract's sequence number the sender last saw.
 */
public record CommandEnvelope(
        String commandId,
        String type,
        String contractId,
        Actor issuedBy,
        Instant issuedAt,
        Long expectedVersion,
        JsonNode payload) {}
