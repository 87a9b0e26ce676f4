package com.slaledger.api.event;

import com.slaledger.api.BreachId;

/** An event about one breach: its recording or what became of it. */
public interface AboutBreach {

    BreachId breachId();
}
