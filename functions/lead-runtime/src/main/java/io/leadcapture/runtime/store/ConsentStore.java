package io.leadcapture.runtime.store;

import static io.leadcapture.runtime.store.LeadItems.PK;
import static io.leadcapture.runtime.store.LeadItems.PROFILE;
import static io.leadcapture.runtime.store.LeadItems.SK;
import static io.leadcapture.runtime.store.LeadItems.leadPk;
import static io.leadcapture.runtime.store.LeadItems.s;

import io.leadcapture.application.Backoff;
import io.leadcapture.application.StoreUnavailableException;
import io.leadcapture.core.Consent;
import io.leadcapture.core.ConsentStatus;
import io.leadcapture.core.Lead;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/** A lead's marketing consent after the capture: the double opt-in confirmed, or its expiry. */
public final class ConsentStore {
    static final String OPT_IN_PREFIX = "OPTIN#";

    private final Table table;

    ConsentStore(Table table) {
        this.table = table;
    }

    /**
     * Sets the lead's marketing consent to {@code confirmed} for the opt-in of one interaction.
     * Idempotent: a second confirmation finds it confirmed and changes nothing.
     */
    public ConsentChange confirmConsent(String leadId, String interactionId, Instant at) {
        return change(leadId, lead -> {
            Consent current = lead.consent();
            if (current != null && current.status() == ConsentStatus.CONFIRMED) {
                return null;
            }
            return new Consent(Consent.MARKETING, ConsentStatus.CONFIRMED,
                    current == null ? null : current.textVersion(), at,
                    current == null ? "double-opt-in" : current.source(), current == null ? null : current.ipHash());
        }, at, interactionId);
    }

    /**
     * An unconfirmed double opt-in expired: a consent still {@code pending} falls back to {@code none}.
     * Any other state (confirmed meanwhile, granted elsewhere, withdrawn) is left alone.
     */
    public boolean purgePendingConsent(String leadId, Instant at) {
        return change(leadId, lead -> lead.consent() == null || lead.consent().status() != ConsentStatus.PENDING
                ? null : Consent.none(at, "double-opt-in-expired"), at, null) == ConsentChange.CHANGED;
    }

    /** A pending double opt-in, deleted by TTL at {@code expiresAt} unless confirmed first. */
    public void recordPendingOptIn(String leadId, String interactionId, Instant expiresAt) {
        Table.guarded(() -> table.ddb.putItem(r -> r.tableName(table.name).item(Map.of(
                PK, s(leadPk(leadId)), SK, s(OPT_IN_PREFIX + interactionId), LeadItems.ITEM_TYPE, s("optIn"),
                "leadId", s(leadId), "interactionId", s(interactionId),
                "expiresAt", LeadItems.n(expiresAt.getEpochSecond())))));
    }

    /**
     * Read, decide, write under the version check; again when the lead changed meanwhile.
     *
     * @param next the consent to store, or null when there is nothing to change
     * @param settledOptIn the interaction whose pending opt-in is settled by this change, or null
     */
    private ConsentChange change(String leadId, Function<Lead, Consent> next, Instant at, String settledOptIn) {
        return Table.guarded(() -> {
            for (int attempt = 1; attempt <= Table.MAX_ATTEMPTS; attempt++) {
                Optional<Lead> lead = table.item(leadPk(leadId), PROFILE).map(LeadItems::lead);
                if (lead.isEmpty()) {
                    return ConsentChange.UNKNOWN_LEAD;
                }
                Consent consent = next.apply(lead.get());
                if (consent == null) {
                    return ConsentChange.ALREADY;
                }
                List<TransactWriteItem> writes = new ArrayList<>();
                writes.add(table.versionedUpdate(lead.get(), "SET #v = :next, consent = :consent, updatedAt = :at",
                        Map.of(":consent", LeadItems.consentValue(consent), ":at", s(at.toString()))));
                if (settledOptIn != null) {
                    // The opt-in is settled: its expiry must no longer purge anything.
                    writes.add(TransactWriteItem.builder().delete(d -> d.tableName(table.name)
                            .key(Map.of(PK, s(leadPk(leadId)), SK, s(OPT_IN_PREFIX + settledOptIn)))).build());
                }
                if (table.transact(writes)) {
                    return ConsentChange.CHANGED;
                }
                Backoff.pause(attempt);
            }
            throw new StoreUnavailableException("too much contention on one lead; retry", null);
        });
    }
}
