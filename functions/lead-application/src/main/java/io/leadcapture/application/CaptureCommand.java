package io.leadcapture.application;

import io.leadcapture.core.Consent;
import io.leadcapture.core.FormDefinition;
import io.leadcapture.core.FormFields;
import io.leadcapture.core.InteractionType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One submission from any channel, as its adapter read it: the channel's rules, the fields in the
 * standard vocabulary, and the facts around them.
 *
 * @param channel     the form (forms.yaml) or the platform channel ({@link #platformChannel}) whose rules apply
 * @param occurredAt  the channel's own time of the event; null for now
 * @param ipHash      salted hash of the client IP (consent evidence); null where there is no client
 * @param referer     the page the form was posted from; null where there is none
 * @param sourceIds   the platform's ids (webinar, leadgen, campaign, ad, form…); empty for form posts
 * @param test        a platform's test delivery: stored, never treated as a real lead
 * @param idempotency what makes a retry record nothing new; null when the request carries no key
 * @param platform    a platform lead, which nobody can correct and resend: a refused optional field is set
 *                    aside instead of refusing the lead (see {@link CaptureLead})
 * @param verified    the channel vouches for the contact data, so it may update what the lead holds; false
 *                    for every public form and for platforms that pass on what a user typed (all shipped
 *                    channels): such a submission only fills missing fields and proposes the rest
 * @param consent     the consent the channel itself establishes, replacing what the fields would give;
 *                    null for every channel where the person ticks a box (forms, platforms)
 */
public record CaptureCommand(FormDefinition channel, FormFields fields, Instant occurredAt, String ipHash,
                             String referer, Map<String, String> sourceIds, boolean test, IdempotencyKey idempotency,
                             boolean platform, boolean verified, Consent consent) {
    /**
     * How long a platform's delivery key is remembered: longer than any platform retries (Meta: up
     * to 36 hours), so a late redelivery still records nothing new.
     */
    public static final Duration PLATFORM_RETRY_WINDOW = Duration.ofDays(7);

    /**
     * How long an imported row's key is remembered: a list re-sent or resumed within a year records
     * none of its rows twice (docs/forms.md#imports).
     */
    public static final Duration IMPORT_ROW_WINDOW = Duration.ofDays(365);

    public CaptureCommand {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(fields, "fields");
        sourceIds = sourceIds == null ? Map.of() : Map.copyOf(sourceIds);
    }

    /** A submission whose consent comes from its fields, as for every form and platform. */
    public CaptureCommand(FormDefinition channel, FormFields fields, Instant occurredAt, String ipHash, String referer,
                          Map<String, String> sourceIds, boolean test, IdempotencyKey idempotency, boolean platform,
                          boolean verified) {
        this(channel, fields, occurredAt, ipHash, referer, sourceIds, test, idempotency, platform, verified, null);
    }

    /** A landing-page form post. */
    public static CaptureCommand formPost(FormDefinition form, FormFields fields, String ipHash, String referer,
                                          IdempotencyKey idempotency) {
        return new CaptureCommand(form, fields, null, ipHash, referer, Map.of(), false, idempotency, false, false);
    }

    /**
     * A lead delivered by a platform (webinar, ad platform).
     *
     * @param deliveryKey the platform's id of this lead/event (Meta leadgen_id, Google lead_id, …); a
     *                    redelivery with the same key records nothing new and answers as before
     */
    public static CaptureCommand platformLead(FormDefinition channel, FormFields fields, Map<String, String> sourceIds,
                                              Instant occurredAt, boolean test, String deliveryKey) {
        return new CaptureCommand(channel, fields, occurredAt, null, null, sourceIds, test,
                new IdempotencyKey(channel.id(), deliveryKey, null, PLATFORM_RETRY_WINDOW), true, false);
    }

    /**
     * One row of an imported list (docs/forms.md#imports): outbound, unverified (it fills what the lead
     * lacks and proposes the rest; a list is not the person's own word), refused whole when a field is
     * invalid, with the consent the import's basis allows.
     *
     * @param rowKey what makes a re-sent or resumed row record nothing new, within {@code scope}
     */
    public static CaptureCommand importRow(FormDefinition channel, FormFields fields, Map<String, String> sourceIds,
                                           Instant occurredAt, String scope, String rowKey, Consent consent) {
        Objects.requireNonNull(consent, "consent");
        return new CaptureCommand(channel, fields, occurredAt, null, null, sourceIds, false,
                new IdempotencyKey(scope, rowKey, null, IMPORT_ROW_WINDOW), false, false, consent);
    }

    /** The rules of a platform channel: its name (the interaction's channel), interaction type and phone region. */
    public static FormDefinition platformChannel(String channel, InteractionType type, String defaultRegion) {
        return new FormDefinition(channel, type, channel, defaultRegion, List.of(), null, List.of(), Map.of(), null,
                false, "_gotcha");
    }
}
