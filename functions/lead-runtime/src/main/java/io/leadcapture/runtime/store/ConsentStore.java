package io.leadcapture.runtime.store;

import static io.leadcapture.runtime.store.LeadItems.PK;
import static io.leadcapture.runtime.store.LeadItems.PROFILE;
import static io.leadcapture.runtime.store.LeadItems.SK;
import static io.leadcapture.runtime.store.LeadItems.leadPk;
import static io.leadcapture.runtime.store.LeadItems.s;
import static io.leadcapture.runtime.store.LeadItems.str;

import io.leadcapture.application.Backoff;
import io.leadcapture.application.StoreUnavailableException;
import io.leadcapture.core.Consent;
import io.leadcapture.core.ConsentStatus;
import io.leadcapture.core.ContactProfile;
import io.leadcapture.core.FreeMailDomains;
import io.leadcapture.core.Interaction;
import io.leadcapture.core.Lead;
import io.leadcapture.core.ProposedChange;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * A lead's marketing consent after the capture: the double opt-in confirmed, its expiry, a withdrawal.
 *
 * <p>The confirmation link is the evidence that the address's owner made the submission: confirming
 * applies that submission's contact values to the lead (a phone only while no other lead claims it)
 * and settles what it had proposed.
 *
 * <p>Every change of the consent also writes a history item beside the lead, in the same transaction
 * as the profile: {@code CONSENT#<at, fixed width>#<profile version written>}, itemType
 * {@code consentChange}, with purpose, status, previousStatus, textVersion, at, source and evidence.
 */
public final class ConsentStore {
    static final String OPT_IN_PREFIX = "OPTIN#";
    static final String CONSENT_PREFIX = "CONSENT#";
    /** History sources of the changes made here. */
    public static final String SOURCE_CONFIRMATION = "double_opt_in_confirmation";
    public static final String SOURCE_OPT_IN_EXPIRED = "double_opt_in_expired";
    public static final String SOURCE_UNSUBSCRIBE_LINK = "unsubscribe_link";

    private final Table table;
    private final FreeMailDomains freeMail;

    ConsentStore(Table table, FreeMailDomains freeMail) {
        this.table = table;
        this.freeMail = freeMail;
    }

    /**
     * Sets the lead's marketing consent to {@code confirmed} for the opt-in of one interaction and
     * applies what that interaction submitted. Idempotent: a second confirmation finds it confirmed
     * and changes nothing.
     *
     * <p>A withdrawal is reversed only by confirming an opt-in that is still outstanding (asked for
     * again): a link whose opt-in was settled or expired before answers {@code UNKNOWN_LEAD} — it no
     * longer stands for a sign-up — and the withdrawal stands.
     */
    public ConsentChange confirmConsent(String leadId, String interactionId, Instant at) {
        return change(leadId, true, lead -> {
            Consent current = lead.consent();
            if (current != null && current.status() == ConsentStatus.CONFIRMED) {
                return null;
            }
            if (current != null && current.status() == ConsentStatus.WITHDRAWN
                    && table.item(leadPk(lead.leadId()), OPT_IN_PREFIX + interactionId).isEmpty()) {
                return WITHDRAWAL_STANDS;
            }
            return new Consent(Consent.MARKETING, ConsentStatus.CONFIRMED,
                    current == null ? null : current.textVersion(), at,
                    current == null ? "double-opt-in" : current.source(), current == null ? null : current.ipHash());
        }, at, interactionId, SOURCE_CONFIRMATION, interactionId);
    }

    /**
     * An unconfirmed double opt-in expired: a consent still {@code pending} falls back to {@code none}.
     * Any other state (confirmed meanwhile, granted elsewhere, withdrawn) is left alone.
     */
    public boolean purgePendingConsent(String leadId, Instant at) {
        return change(leadId, false, lead -> lead.consent() == null || lead.consent().status() != ConsentStatus.PENDING
                ? null : Consent.none(at, "double-opt-in-expired"), at, null, SOURCE_OPT_IN_EXPIRED, null)
                == ConsentChange.CHANGED;
    }

    /**
     * The person withdrew consent for {@code purpose} (an unsubscribe link, a complaint): the lead's
     * consent becomes {@code withdrawn}, whatever it was — also {@code none}, as an objection to any
     * further automated mail. Idempotent: a lead already withdrawn is left as it is. A merged lead
     * stands for the lead it was merged into.
     *
     * @param source   why, for the history: {@link #SOURCE_UNSUBSCRIBE_LINK}, {@code mail_complaint}, …
     * @param evidence optional: what shows it (the token's key id, a feedback id)
     */
    public ConsentChange withdrawConsent(String leadId, String purpose, Instant at, String source, String evidence) {
        if (!Consent.MARKETING.equals(purpose)) {
            throw new IllegalArgumentException("unknown consent purpose: " + purpose);
        }
        return change(leadId, true, lead -> {
            Consent current = lead.consent();
            if (current != null && current.status() == ConsentStatus.WITHDRAWN) {
                return null;
            }
            return new Consent(purpose, ConsentStatus.WITHDRAWN, current == null ? null : current.textVersion(), at,
                    source, null);
        }, at, null, source, evidence);
    }

    /** Marks a decision to leave the consent alone that is not "already so" but a refusal (see confirmConsent). */
    private static final Consent WITHDRAWAL_STANDS = new Consent(Consent.MARKETING, ConsentStatus.WITHDRAWN, null, null,
            null, null);

    /**
     * A pending double opt-in, deleted by TTL at {@code expiresAt} unless confirmed first. Not kept
     * when the lead no longer exists.
     *
     * @param interactionRef the interaction's {@link LeadChanges.InteractionAdded#interactionRef()}
     */
    public void recordPendingOptIn(String leadId, String interactionId, String interactionRef, Instant expiresAt) {
        Map<String, AttributeValue> item = new HashMap<>(Map.of(
                PK, s(leadPk(leadId)), SK, s(OPT_IN_PREFIX + interactionId), LeadItems.ITEM_TYPE, s("optIn"),
                "leadId", s(leadId), "interactionId", s(interactionId),
                "expiresAt", LeadItems.n(expiresAt.getEpochSecond())));
        if (interactionRef != null) {
            item.put("interactionSk", s(interactionRef));
        }
        Table.guarded(() -> {
            table.ddb.putItem(r -> r.tableName(table.name).item(item));
            // a record of an erased lead still in the stream: nothing may stay in its partition
            if (table.item(leadPk(leadId), PROFILE).isEmpty()) {
                table.ddb.deleteItem(r -> r.tableName(table.name).key(Map.of(PK, item.get(PK), SK, item.get(SK))));
            }
            return null;
        });
    }

    /**
     * Read, decide, write under the version check; again when the lead changed meanwhile.
     *
     * @param followMerges a lead merged into another one stands for that one (its opt-ins moved there)
     * @param next         the consent to store, or null when there is nothing to change
     * @param settledOptIn the interaction whose pending opt-in this confirms (its values are applied), or null
     * @param source       the history item's source
     * @param evidence     the history item's evidence, or null
     */
    private ConsentChange change(String leadId, boolean followMerges, Function<Lead, Consent> next, Instant at,
                                 String settledOptIn, String source, String evidence) {
        return Table.guarded(() -> {
            String id = leadId;
            for (int attempt = 1; attempt <= Table.MAX_ATTEMPTS; attempt++) {
                Optional<Lead> lead = table.item(leadPk(id), PROFILE).map(LeadItems::lead);
                if (lead.isEmpty()) {
                    Optional<String> into = followMerges ? LeadMerges.mergedInto(table, id) : Optional.empty();
                    if (into.isEmpty()) {
                        return ConsentChange.UNKNOWN_LEAD;
                    }
                    id = into.get();
                    continue;
                }
                Consent consent = next.apply(lead.get());
                if (consent == null) {
                    return ConsentChange.ALREADY;
                }
                if (consent == WITHDRAWAL_STANDS) {
                    return ConsentChange.UNKNOWN_LEAD;
                }
                List<TransactWriteItem> writes = new ArrayList<>();
                Lead read = lead.get();
                Lead applied = settledOptIn == null ? read : applySubmitted(read, settledOptIn, writes);
                writes.add(0, table.replaceLead(new Lead(read.leadId(), applied.profile(), consent, read.firstTouch(),
                        read.lastTouch(), read.interactionCount(), read.test(), read.createdAt(), at,
                        read.version() + 1, read.stage(), read.scoring(), applied.proposedChanges(),
                        read.possibleDuplicateOf(), null, read.emailStatus(), read.sales()), read.version()));
                writes.add(TransactWriteItem.builder().put(p -> p.tableName(table.name)
                        .item(historyItem(read, consent, read.version() + 1, at, source, evidence))).build());
                if (settledOptIn != null) {
                    // The opt-in is settled: its expiry must no longer purge anything.
                    writes.add(TransactWriteItem.builder().delete(d -> d.tableName(table.name)
                            .key(Map.of(PK, s(leadPk(read.leadId())), SK, s(OPT_IN_PREFIX + settledOptIn)))).build());
                }
                if (table.transact(writes)) {
                    return ConsentChange.CHANGED;
                }
                Backoff.pause(attempt);
            }
            throw new StoreUnavailableException("too much contention on one lead; retry", null);
        });
    }

    private static Map<String, AttributeValue> historyItem(Lead lead, Consent consent, long versionWritten, Instant at,
                                                           String source, String evidence) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(PK, s(leadPk(lead.leadId())));
        item.put(SK, s(CONSENT_PREFIX + Times.sortable(at) + "#" + versionWritten));
        item.put(LeadItems.ITEM_TYPE, s("consentChange"));
        item.put("purpose", s(consent.purpose()));
        item.put("status", s(consent.status().wireName()));
        item.put("previousStatus", s(lead.consent() == null ? ConsentStatus.NONE.wireName()
                : lead.consent().status().wireName()));
        if (consent.textVersion() != null) {
            item.put("textVersion", s(consent.textVersion()));
        }
        item.put("at", s(at.toString()));
        item.put("source", s(source));
        if (evidence != null && !evidence.isBlank()) {
            item.put("evidence", s(evidence));
        }
        return item;
    }

    /**
     * The lead with the confirmed interaction's submitted values applied and its proposals settled.
     * A submitted phone that another lead claims stays a proposal (see {@link ProfileValues}).
     */
    private Lead applySubmitted(Lead lead, String interactionId, List<TransactWriteItem> writes) {
        Optional<ContactProfile> submitted = table.item(leadPk(lead.leadId()), OPT_IN_PREFIX + interactionId)
                .map(optIn -> str(optIn, "interactionSk"))
                .flatMap(sk -> table.item(leadPk(lead.leadId()), sk))
                .map(LeadItems::interaction)
                .map(Interaction::submitted);
        if (submitted.isEmpty()) {
            return lead;
        }
        ContactProfile profile = ProfileValues.apply(table, lead.leadId(), lead.profile(),
                submitted.get().changeableValues(), freeMail, writes);
        List<ProposedChange> stillProposed = new ArrayList<>();
        for (ProposedChange c : lead.proposedChanges()) {
            boolean settled = c.interactionId().equals(interactionId)
                    && c.value().equals(profile.changeableValues().get(c.field()));
            if (!settled) {
                stillProposed.add(c);
            }
        }
        return new Lead(lead.leadId(), profile, lead.consent(), lead.firstTouch(), lead.lastTouch(),
                lead.interactionCount(), lead.test(), lead.createdAt(), lead.updatedAt(), lead.version(), lead.stage(),
                lead.scoring(), stillProposed, lead.possibleDuplicateOf(), null, lead.emailStatus(), lead.sales());
    }
}
