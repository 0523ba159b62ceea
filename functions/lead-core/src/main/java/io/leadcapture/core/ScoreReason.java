package io.leadcapture.core;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One scoring rule that hit, with its points: sales sees why a lead is hot.
 *
 * @param rule   the rule's name in scoring.yaml, e.g. {@code fit.jobTitle.decisionMaker}
 * @param detail what matched, e.g. the job title or the interaction type
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ScoreReason(String rule, String detail, double points) {
}
