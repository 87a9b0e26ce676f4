package com.slaledger.api.hash;

import tools.jackson.databind.JsonNode;

/** The parts of a stored event that the hash chain covers, plus the hashes recorded with it. */
public record ChainedEvent(long sequence, String type, JsonNode payload, String previousHash, String hash) {}
