package com.slaledger.contract;

import com.slaledger.api.CommandRejectedException;
import java.util.Objects;

/**
 * A rejection with the position of the contract it was judged against. Its unit of work commits
 * (ADR 0017): nothing was applied, and the contract stays cached.
 */
public final class RejectedAt extends CommandRejectedException {

    private final transient Position position;

    private RejectedAt(CommandRejectedException rejected, Position position) {
        super(rejected.code(), rejected.getMessage(), rejected.remembered());
        this.position = position;
    }

    /**
     * The rejection to throw for a command judged at {@code seen} ({@code null} for a contract not
     * yet drafted) by a contract at {@code versionNow} when it refused. Only a refusal before any
     * {@code apply} carries its position: one that followed an applied event stays a plain
     * rejection, which rolls its unit of work back, so its events are never stored.
     */
    public static CommandRejectedException of(CommandRejectedException rejected, Position seen, Long versionNow) {
        if (seen == null || !Objects.equals(seen.sequence(), versionNow)) {
            return rejected;
        }
        return new RejectedAt(rejected, seen);
    }

    public Position position() {
        return position;
    }
}
