package com.slaledger.api;

/** A client or supplier as named in a contract. */
public record PartyRef(String id, String name) {}
