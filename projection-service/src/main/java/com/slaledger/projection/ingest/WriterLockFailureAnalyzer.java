package com.slaledger.projection.ingest;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * A start that was stopped while it waited for the writer lock (ADR 0029) is reported in an
 * operator's terms, not as a stack trace: nothing went wrong, and nothing was changed.
 */
class WriterLockFailureAnalyzer extends AbstractFailureAnalyzer<WriterLock.StoppedWaiting> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, WriterLock.StoppedWaiting cause) {
        return new FailureAnalysis(
                "projection-service was stopped while it waited for the writer lock of schema '" + cause.schema()
                        + "': another instance writes those read models. This one had changed nothing.",
                "None, if the stop was meant. To run this instance, stop the one that holds the lock (ADR 0029).",
                cause);
    }
}
