package com.slaledger.contract;

/**
 * Where a contract stands: the sequence of its last event and the version it is at (null before
 * activation). Every command handler answers the position its events reached, so the intake need
 * not ask the database (and within a batch, could not: the events are appended at its commit).
 */
public record Position(long sequence, String contractVersion) {}
