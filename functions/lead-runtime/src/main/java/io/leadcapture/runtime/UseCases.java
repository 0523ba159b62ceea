package io.leadcapture.runtime;

import io.leadcapture.application.CaptureLead;
import io.leadcapture.application.CaptureRetryPolicy;
import io.leadcapture.application.EraseLead;
import io.leadcapture.application.MergeLeads;
import io.leadcapture.application.RecordContentClick;
import io.leadcapture.application.RecordMailFeedback;
import io.leadcapture.application.imports.ImportLeads;
import io.leadcapture.core.DuplicateMerge;
import io.leadcapture.core.FormCatalog;
import io.leadcapture.core.FreeMailDomains;
import io.leadcapture.core.LeadMerge;
import io.leadcapture.core.SubmissionBuilder;
import io.leadcapture.runtime.store.CaptureStore;
import io.leadcapture.runtime.store.ConsentChange;
import io.leadcapture.runtime.store.LeadStore;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

/** The application's use cases wired to the lead store, the same way for every function and test. */
public final class UseCases {
    private UseCases() {
    }

    public static CaptureLead captureLead(LeadStore store, FreeMailDomains freeMail, Clock clock) {
        return new CaptureLead(store.captures(), new SubmissionBuilder(freeMail), new LeadMerge(freeMail), clock);
    }

    /**
     * The capture use case for SnapStart priming: it validates, normalises, reads and plans as
     * {@link #captureLead} does, but its commit sends only a transaction that cannot write
     * ({@link io.leadcapture.runtime.store.CaptureStore#primingCommit}).
     */
    public static CaptureLead primingCapture(LeadStore store, FreeMailDomains freeMail, Clock clock) {
        CaptureStore captures = store.captures();
        return new CaptureLead(captures, captures, captures, captures.primingCommit(), new SubmissionBuilder(freeMail),
                new LeadMerge(freeMail), clock, () -> UUID.randomUUID().toString());
    }

    /** With the bundled free-mail domains and the system clock. */
    public static CaptureLead captureLead(LeadStore store) {
        return captureLead(store, FreeMailDomains.bundled(), Clock.systemUTC());
    }

    public static MergeLeads mergeLeads(LeadStore store, FreeMailDomains freeMail, Clock clock) {
        return new MergeLeads(store.merges(), store.erasures(), store.captures(), new DuplicateMerge(freeMail), clock);
    }

    /** With the bundled free-mail domains and the given clock. */
    public static MergeLeads mergeLeads(LeadStore store, Clock clock) {
        return mergeLeads(store, FreeMailDomains.bundled(), clock);
    }

    /** SES bounces and complaints: suppression on the store, a complaint's withdrawal through the consent store. */
    public static RecordMailFeedback recordMailFeedback(LeadStore store, Clock clock) {
        return new RecordMailFeedback(store.captures(), store.suppressions(), (leadId, purpose, at, source, evidence) ->
                store.consents().withdrawConsent(leadId, purpose, at, source, evidence) != ConsentChange.UNKNOWN_LEAD,
                clock);
    }

    /** Imports of contact lists through the capture and erasure use cases, with the forms' field aliases. */
    public static ImportLeads importLeads(LeadStore store, FormCatalog forms, String defaultRegion, Clock clock,
                                          int batchRows) {
        return new ImportLeads(store.imports(), captureLead(store, FreeMailDomains.bundled(), clock),
                eraseLead(store, clock), forms.defaultAliases(), defaultRegion, clock, batchRows);
    }

    public static EraseLead eraseLead(LeadStore store, Clock clock) {
        return new EraseLead(store.erasures(), store.merges(), store.captures(), clock);
    }

    /**
     * A followed nurture link, recorded through the capture store's commit; within 3 seconds, so the
     * person's redirect never waits long on the store.
     */
    public static RecordContentClick recordContentClick(LeadStore store, Clock clock) {
        CaptureStore captures = store.captures();
        return new RecordContentClick(captures, captures, store.erasures(), captures,
                new LeadMerge(FreeMailDomains.bundled()), clock, () -> UUID.randomUUID().toString(),
                CaptureRetryPolicy.withBudget(Duration.ofSeconds(3)));
    }
}
