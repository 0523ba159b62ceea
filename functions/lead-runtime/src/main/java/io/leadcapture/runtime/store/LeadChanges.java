package io.leadcapture.runtime.store;

import static io.leadcapture.runtime.store.StreamImages.bool;
import static io.leadcapture.runtime.store.StreamImages.number;
import static io.leadcapture.runtime.store.StreamImages.string;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import io.leadcapture.core.ConsentStatus;
import io.leadcapture.core.Direction;
import io.leadcapture.core.Stage;
import io.leadcapture.core.Temperature;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The table's stream records as typed changes, so the stream functions never read item layouts.
 * Records the functions have no use for (score history, markers, identity claims…) are empty.
 */
public final class LeadChanges {
    private LeadChanges() {
    }

    /** What one stream record says happened. */
    public sealed interface Change permits LeadUpdated, LeadMerged, InteractionAdded, InteractionMoved, OptInRemoved {
    }

    /**
     * A lead's profile item was modified.
     *
     * @param version the version the modification wrote: it names the transition
     */
    public record LeadUpdated(String leadId, long version, boolean test, String stageBefore, String stageAfter,
                              String temperatureBefore, String temperatureAfter) implements Change {

        public boolean becameMql() {
            return Stage.MQL.wireName().equals(stageAfter) && !Stage.MQL.wireName().equals(stageBefore);
        }

        public boolean turnedHot() {
            return Temperature.HOT.wireName().equals(temperatureAfter)
                    && !Temperature.HOT.wireName().equals(temperatureBefore);
        }
    }

    /**
     * A merge wrote the profile of the lead another one is merged into: when the merge started, the
     * stage and score of the other lead where those are further along (sales heard about them on that
     * lead); when it completed, the combined profile. Not a transition of its own.
     *
     * @param completed the last step of the merge: profile and history are whole again
     */
    public record LeadMerged(String leadId, long version, boolean completed) implements Change {
    }

    /**
     * An interaction was recorded.
     *
     * @param pendingConsent its consent awaits the double opt-in
     * @param interactionRef where the store finds the interaction again (opaque)
     * @param consentPurpose the purpose of its consent (what a double opt-in would confirm)
     * @param submittedEmail the email this submission gave, as stored; null when it gave none. A mail
     *                       caused by the submission goes to this address, never to another the lead holds
     */
    public record InteractionAdded(String leadId, String interactionId, String formId, boolean pendingConsent,
                                   String interactionRef, String consentPurpose, String submittedEmail,
                                   boolean outbound)
            implements Change {
    }

    /**
     * An interaction arrived with a merge from the lead it was recorded on ({@code fromLeadId}): the
     * lead's history grew, but nothing new happened (the completed merge rescores the lead).
     */
    public record InteractionMoved(String leadId, String interactionId, String fromLeadId) implements Change {
    }

    /** A pending double opt-in record was removed: confirmed (deleted early) or expired (TTL). */
    public record OptInRemoved(String leadId, String interactionId, Instant expiresAt) implements Change {

        /** Removed at or after its expiry: DynamoDB's TTL deleted it, unconfirmed. */
        public boolean expiredBy(Instant now) {
            return expiresAt != null && expiresAt.getEpochSecond() <= now.getEpochSecond();
        }
    }

    /**
     * @throws IllegalStateException an interaction record without its lead: malformed data no retry can fix
     */
    public static Optional<Change> of(DynamodbEvent.DynamodbStreamRecord record) {
        var change = record.getDynamodb();
        if (change == null || record.getEventName() == null) {
            return Optional.empty();
        }
        Map<String, AttributeValue> newImage = change.getNewImage();
        Map<String, AttributeValue> oldImage = change.getOldImage();
        return switch (record.getEventName()) {
            case "MODIFY" -> {
                if (!"lead".equals(string(newImage, LeadItems.ITEM_TYPE))) {
                    yield Optional.empty();
                }
                Long version = number(newImage, "version");
                if (version != null && version.equals(number(newImage, LeadMerges.MERGE_VERSION))) {
                    yield Optional.of(new LeadMerged(string(newImage, "leadId"), version,
                            LeadMerges.COMPLETED.equals(string(newImage, LeadMerges.MERGE_STEP))));
                }
                yield Optional.of(new LeadUpdated(string(newImage, "leadId"), number(newImage, "version"),
                        bool(newImage, "test"), string(oldImage, "stage"), string(newImage, "stage"),
                        string(oldImage, "temperature"), string(newImage, "temperature")));
            }
            case "INSERT" -> {
                if (!"interaction".equals(string(newImage, LeadItems.ITEM_TYPE))) {
                    yield Optional.empty();
                }
                String leadId = string(newImage, "leadId");
                if (leadId == null) {
                    throw new IllegalStateException("interaction record without leadId: " + change.getKeys());
                }
                String movedFrom = string(newImage, LeadMerges.MOVED_FROM);
                if (movedFrom != null) {
                    yield Optional.of(new InteractionMoved(leadId, string(newImage, "interactionId"), movedFrom));
                }
                yield Optional.of(new InteractionAdded(leadId, string(newImage, "interactionId"),
                        string(newImage, "formId"), pendingConsent(newImage), string(newImage, LeadItems.SK),
                        string(map(newImage, "consent"), "purpose"), string(map(newImage, "submitted"), "email"),
                        Direction.OUTBOUND.wireName().equals(string(newImage, "direction"))));
            }
            case "REMOVE" -> {
                if (!"optIn".equals(string(oldImage, LeadItems.ITEM_TYPE))) {
                    yield Optional.empty();
                }
                Long expiresAt = number(oldImage, "expiresAt");
                yield Optional.of(new OptInRemoved(string(oldImage, "leadId"), string(oldImage, "interactionId"),
                        expiresAt == null ? null : Instant.ofEpochSecond(expiresAt)));
            }
            default -> Optional.empty();
        };
    }

    private static boolean pendingConsent(Map<String, AttributeValue> interaction) {
        return ConsentStatus.PENDING.wireName().equals(string(map(interaction, "consent"), "status"));
    }

    /** A map attribute of an image, or null. */
    private static Map<String, AttributeValue> map(Map<String, AttributeValue> image, String name) {
        return image == null || image.get(name) == null ? null : image.get(name).getM();
    }
}
