package com.slaledger.api.hash;

/**
 * The outcome of checking a contract's chain: {@code valid}, how many events were checked, and
 * where and why it breaks. {@code lastHash} is the head of an intact chain.
 */
public record ChainVerification(
        boolean valid, int eventsChecked, Long brokenAtSequence, String reason, String lastHash) {

    public static ChainVerification intact(int eventsChecked, String lastHash) {
        return new ChainVerification(true, eventsChecked, null, null, lastHash);
    }

    public static ChainVerification brokenAt(long sequence, int eventsChecked, String reason) {
        return new ChainVerification(false, eventsChecked, sequence, reason, null);
    }
}
