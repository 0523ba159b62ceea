package io.leadcapture.runtime.store;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * One change of a lead's owner: from whom (null: it had none) to whom, who made it (the IAM caller,
 * or {@code routing} when the notification function routed the lead), when and why.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OwnerChangeRecord(String from, String to, String who, String why, Instant at) {
}
