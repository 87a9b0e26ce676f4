package com.slaledger.contract;

import com.slaledger.api.CommandRejectedException;

/** A rejection with the position of the contract it was judged against. */
public final class RejectedAt extends CommandRejectedException {

    private final transient Position position;

    RejectedAt(CommandRejectedException rejected, Position position) {
        super(rejected.code(), rejected.getMessage());
        this.position = position;
    }

    public Position position() {
        return position;
    }
}
