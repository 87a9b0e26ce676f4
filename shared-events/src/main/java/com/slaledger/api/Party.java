package com.slaledger.api;

/** The two sides of every contract. */
public enum Party {
    CLIENT,
    SUPPLIER;

    public Party other() {
        return this == CLIENT ? SUPPLIER : CLIENT;
    }
}
