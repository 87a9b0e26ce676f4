package com.slaledger.projection.web;

import com.slaledger.api.RejectionCode;

/**
 * Asked for something the read models do not have (or that did not exist at the time asked). Its
 * code says what is missing: the contract itself ({@code NOT_FOUND}), or a clause or version of a
 * contract that exists.
 */
public class NotFoundException extends RuntimeException {

    private final RejectionCode code;

    public NotFoundException(String message) {
        this(RejectionCode.NOT_FOUND, message);
    }

    public NotFoundException(RejectionCode code, String message) {
        super(message);
        if (code.httpStatus() != 404) {
            throw new IllegalArgumentException(code + " is not a 404");
        }
        this.code = code;
    }

    public RejectionCode code() {
        return code;
    }
}
