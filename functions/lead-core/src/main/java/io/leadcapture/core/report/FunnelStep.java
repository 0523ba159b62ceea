package io.leadcapture.core.report;

/** The funnel events counted as they happen, each at most once per lead (an SLA breach once per breach). */
public enum FunnelStep {
    /** The lead was created. */
    CAPTURED("captured"),
    /** The lead's stage crossed into MQL or beyond. */
    MQL("mql"),
    /** The lead's stage crossed into SQL or beyond. */
    SQL("sql"),
    /** The lead became a customer. */
    WON("won"),
    /** The first activity was logged on the lead. */
    FIRST_ACTIVITY("firstActivity"),
    /** The follow-up SLA of the lead was breached. */
    SLA_BREACH("slaBreaches"),
    /** The lead became an MQL after it was enrolled in a nurture sequence (counted beside {@link #MQL}). */
    MQL_AFTER_NURTURE("mqlAfterNurture");

    private final String wireName;

    FunnelStep(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
