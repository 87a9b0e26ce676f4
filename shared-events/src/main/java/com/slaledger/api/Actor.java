package com.slaledger.api;

/**
 * Who issued a command: the party it speaks for and the person or system acting. The party is null
 * only for the service's own actions, such as marking a review as due.
 */
public record Actor(Party party, String actor) {

    public static Actor system(String name) {
        return new Actor(null, name);
    }

    public boolean isSystem() {
        return party == null;
    }
}
