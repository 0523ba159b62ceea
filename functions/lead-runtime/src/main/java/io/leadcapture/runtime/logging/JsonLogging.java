package io.leadcapture.runtime.logging;

import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.helpers.BasicMDCAdapter;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The SLF4J backend of every function: one JSON object per line on standard output, which Lambda
 * (with {@code LogFormat: JSON}) passes on as it is. It replaces log4j with Powertools' JSON layout,
 * which cost about a thousand classes and a third of a second on every cold start for the same
 * lines; docs/architecture.md, "Logging".
 */
public final class JsonLogging implements SLF4JServiceProvider {
    private ILoggerFactory loggers;
    private IMarkerFactory markers;
    private MDCAdapter mdc;

    @Override
    public ILoggerFactory getLoggerFactory() {
        return loggers;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }

    @Override
    public void initialize() {
        LogConfig config = LogConfig.fromEnvironment();
        loggers = name -> new JsonLogger(name, config);
        markers = new BasicMarkerFactory();
        mdc = new BasicMDCAdapter();
    }
}
