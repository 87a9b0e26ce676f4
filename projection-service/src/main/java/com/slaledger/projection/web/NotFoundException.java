package com.slaledger.projection.web;

/** Asked for something the read models do not have (or that did not exist at the time asked). */
public class NotFoundException extends RuntimeException {

    public NotFoundException(String message) {
        super(message);
    }
}
