package com.slaledger.intake;

import com.slaledger.api.CommandRejectedException;
import com.slaledger.api.RejectionCode;

/**
 * A command whose commandId is stored already, refused without its stored answer: the id was used
 * for another command ({@code COMMAND_ID_REUSED}), or the caller may not speak for the party that
 * used it (ADR 0030). Its refusal is answered and not stored, and carries no position, since the
 * id's row belongs to the first command.
 */
final class ResendRefused extends CommandRejectedException {

    ResendRefused(RejectionCode code, String message) {
        super(code, message, false);
    }
}
