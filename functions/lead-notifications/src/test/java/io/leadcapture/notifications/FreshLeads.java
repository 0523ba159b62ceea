package io.leadcapture.notifications;

import io.leadcapture.application.CaptureLead;
import io.leadcapture.core.FreeMailDomains;
import io.leadcapture.local.aws.LocalAws;
import io.leadcapture.local.aws.MovableClock;
import io.leadcapture.runtime.UseCases;
import io.leadcapture.runtime.store.LeadStore;
import java.time.Instant;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** A test's own leads table, its store, a clock the test moves, and the capture use case on both. */
record FreshLeads(String table, LeadStore store, MovableClock clock, CaptureLead capture) {
    static FreshLeads at(DynamoDbClient ddb, Instant start) {
        String table = LocalAws.freshLeadsTable(ddb);
        LeadStore store = new LeadStore(ddb, table);
        MovableClock clock = new MovableClock(start);
        return new FreshLeads(table, store, clock, UseCases.captureLead(store, FreeMailDomains.bundled(), clock));
    }
}
