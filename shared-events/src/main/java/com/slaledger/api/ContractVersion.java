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

    @JsonCreator
    public static ContractVersion parse(String text) {
        String[] parts = text == null ? new String[0] : text.split("\\.");
        if (parts.length != 2) {
            throw new IllegalArgumentException("a version looks like 1.0 or 2.3, not " + text);
        }
        try {
            return new ContractVersion(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a version looks like 1.0 or 2.3, not " + text, e);
        }
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
