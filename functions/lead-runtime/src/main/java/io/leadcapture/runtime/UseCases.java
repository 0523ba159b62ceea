package io.leadcapture.runtime;

import io.leadcapture.application.CaptureLead;
import io.leadcapture.application.EraseLead;
import io.leadcapture.application.MergeLeads;
import io.leadcapture.application.RecordMailFeedback;
import io.leadcapture.core.DuplicateMerge;
import io.leadcapture.core.FreeMailDomains;
import io.leadcapture.core.LeadMerge;
import io.leadcapture.core.SubmissionBuilder;
import io.leadcapture.runtime.store.ConsentChange;
import io.leadcapture.runtime.store.LeadStore;
import java.time.Clock;

/** The application's use cases wired to the lead store, the same way for every function and test. */
public final class UseCases {
    private UseCases() {
    }

    public static CaptureLead captureLead(LeadStore store, FreeMailDomains freeMail, Clock clock) {
        return new CaptureLead(store.captures(), new SubmissionBuilder(freeMail), new LeadMerge(freeMail), clock);
    }

    /** With the bundled free-mail domains and the system clock. */
    public static CaptureLead captureLead(LeadStore store) {
        return captureLead(store, FreeMailDomains.bundled(), Clock.systemUTC());
    }

    public static MergeLeads mergeLeads(LeadStore store, FreeMailDomains freeMail, Clock clock) {
        return new MergeLeads(store.merges(), store.captures(), new DuplicateMerge(freeMail), clock);
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

    public static EraseLead eraseLead(LeadStore store, Clock clock) {
        return new EraseLead(store.erasures(), store.captures(), clock);
    }
}
