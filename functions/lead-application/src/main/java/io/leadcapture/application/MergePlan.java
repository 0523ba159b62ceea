package io.leadcapture.application;

import io.leadcapture.core.Lead;
import java.time.Instant;

/**
 * The last step of a merge, once every item has moved: the merged lead's profile goes, a tombstone
 * stays in its place, the lead that stays gets the combined profile and the record of the merge.
 *
 * @param source the merged lead's profile as read (its version is checked: a change in between means
 *               something new may have landed on it)
 * @param target the profile of the lead that stays, as read (its version is checked)
 * @param merged the profile of the lead that stays after the merge
 */
public record MergePlan(Lead source, Lead target, Lead merged, MergeRequest request, Instant at) {
}
