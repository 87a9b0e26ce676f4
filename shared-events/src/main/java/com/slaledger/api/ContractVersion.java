package com.slaledger.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The agreed version of an active contract. Signing gives 1.0; each agreed change adds a minor
 * version; an agreed change that leaves no open clause where there was one starts the next major
 * version (the "SLA 2.0" milestone and every later round of filling in together).
 */
public record ContractVersion(int major, int minor) implements Comparable<ContractVersion> {

    public static final ContractVersion FIRST = new ContractVersion(1, 0);

    public ContractVersion {
        if (major < 1 || minor < 0) {
            throw new IllegalArgumentException("a version is MAJOR.MINOR with MAJOR >= 1 and MINOR >= 0");
        }
    }

    /**
     * The version written as {@link #toString()} writes it: ASCII digits without leading zeros, so
     * that one version has one spelling. {@code 1.01} is refused rather than read as 1.1, and so are
     * a sign and digits of other scripts, which {@link Integer#parseInt} would take.
     */
    @JsonCreator
    public static ContractVersion parse(String text) {
        int dot = text == null ? -1 : text.indexOf('.');
        if (dot < 0 || !isCanonicalNumber(text, 0, dot) || !isCanonicalNumber(text, dot + 1, text.length())) {
            throw new IllegalArgumentException("a version looks like 1.0 or 2.3, not " + text);
        }
        try {
            return new ContractVersion(
                    Integer.parseInt(text, 0, dot, 10), Integer.parseInt(text, dot + 1, text.length(), 10));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a version looks like 1.0 or 2.3, not " + text, e);
        }
    }

    private static boolean isCanonicalNumber(String text, int from, int to) {
        if (from == to || (text.charAt(from) == '0' && to - from > 1)) {
            return false;
        }
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    public ContractVersion nextMinor() {
        return new ContractVersion(major, minor + 1);
    }

    public ContractVersion nextMajor() {
        return new ContractVersion(major + 1, 0);
    }

    @Override
    public int compareTo(ContractVersion other) {
        return major != other.major ? Integer.compare(major, other.major) : Integer.compare(minor, other.minor);
    }

    @JsonValue
    @Override
    public String toString() {
        return major + "." + minor;
    }
}
