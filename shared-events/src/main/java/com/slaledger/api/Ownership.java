package com.slaledger.api;

/** Who owns the systems in scope: the client, or the supplier who rents them out for the monthly fee. */
public enum Ownership {
    CLIENT_OWNED,
    SUPPLIER_OWNED
}
