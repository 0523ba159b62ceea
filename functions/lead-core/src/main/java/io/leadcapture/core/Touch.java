package io.leadcapture.core;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/** A compact reference to one interaction, kept on the lead as its first and last touchpoint. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Touch(String interactionId, InteractionType type, String channel, Instant occurredAt, String formId,
                    Attribution attribution) {

    public static Touch of(Interaction i) {
        return new Touch(i.interactionId(), i.type(), i.channel(), i.occurredAt(), i.formId(),
                i.attribution() == null || i.attribution().isEmpty() ? null : i.attribution());
    }
}
