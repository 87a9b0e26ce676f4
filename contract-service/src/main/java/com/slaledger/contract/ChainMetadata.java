package com.slaledger.contract;

/** Metadata keys under which every stored event keeps its place in the hash chain and the version. */
public final class ChainMetadata {

    public static final String PREVIOUS_HASH = "previousHash";
    public static final String HASH = "hash";
    public static final String CONTRACT_VERSION = "contractVersion";

    private ChainMetadata() {}
}
