package com.slaledger.testsupport;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.slaledger.api.json.SlaJson;
import com.slaledger.security.AdminActionLog;
import java.util.List;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/** The lines {@link AdminActionLog} writes while one is open, as they were logged and as JSON. */
public final class AdminActionLines implements AutoCloseable {

    private final Logger logger = (Logger) LoggerFactory.getLogger(AdminActionLog.LOGGER);
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    public AdminActionLines() {
        appender.start();
        logger.addAppender(appender);
    }

    /** Each line's text, exactly as the log got it. */
    public List<String> texts() {
        List<ILoggingEvent> events;
        synchronized (appender) { // AppenderBase appends under the appender's lock
            events = List.copyOf(appender.list);
        }
        return events.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    public List<JsonNode> lines() {
        return texts().stream().map(text -> SlaJson.mapper().readTree(text)).toList();
    }

    public void clear() {
        synchronized (appender) {
            appender.list.clear();
        }
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        appender.stop();
    }
}
