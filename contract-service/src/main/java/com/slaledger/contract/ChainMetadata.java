package com.slaledger.contract;

import com.slaledger.api.event.ContractEvent;
import com.slaledger.api.hash.ChainedEvent;
import com.slaledger.api.hash.HashChain;
import java.util.Map;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.Revision;

/**
 * The metadata under which every stored event keeps its place in the hash chain and the version,
 * and the one place that computes it (docs/hash-chain.md).
 */
public final class ChainMetadata {

    public static final String PREVIOUS_HASH = "previousHash";
    public static final String HASH = "hash";
    /** The chain version the hash was computed under; absent on events stored under version 1. */
    public static final String CHAIN_VERSION = "chain";

    public static final String CONTRACT_VERSION = "contractVersion";

    private ChainMetadata() {}

    /**
     * The metadata of an event about to be stored at {@code sequence}: the issuance, the contract
     * version after it, and its hash under the current chain version, linked to {@code previousHash}.
     */
    static MetaData forEvent(
            ContractEvent event, long sequence, Issuance issuance, String contractVersion, String previousHash) {
        String hash = HashChain.hash(new ChainedEvent(
                HashChain.CURRENT_VERSION,
                sequence,
                event.type(),
                revisionOf(event),
                event.contractId().value(),
                issuance.issuedBy(),
                issuance.commandId(),
                issuance.issuedAt(),
                issuance.receivedAt(),
                contractVersion,
                HashChain.stored(event),
                previousHash,
                null));
        Map<String, Object> values = issuance.eventValues();
        values.put(HASH, hash);
        values.put(CHAIN_VERSION, String.valueOf(HashChain.CURRENT_VERSION));
        if (previousHash != null) {
            values.put(PREVIOUS_HASH, previousHash);
        }
        if (contractVersion != null) {
            values.put(CONTRACT_VERSION, contractVersion);
        }
        return MetaData.from(values);
    }

    /** The chain version stored with an event's metadata: 1 when it has none. */
    public static int chainVersion(Object stored) {
        return stored == null ? 1 : Integer.parseInt(stored.toString());
    }

    /** The event's revision as {@code @Revision} declares it and the event store records it. */
    public static int revisionOf(ContractEvent event) {
        return revisionOf(event.getClass());
    }

    /** The revision events of this class are stored under. */
    public static int revisionOf(Class<?> eventClass) {
        Revision revision = eventClass.getAnnotation(Revision.class);
        return revision == null ? 0 : Integer.parseInt(revision.value());
    }
}
