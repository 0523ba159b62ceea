package io.leadcapture.local.aws;

import com.amazonaws.services.lambda.runtime.events.SNSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.joda.time.DateTime;

/**
 * SNS events as Lambda receives them from a topic subscription ({@code Records[].Sns}): built around
 * a message, or read from a sample in events/.
 */
public final class SnsEvents {
    /** The account id the emulator and the samples use. */
    public static final String ACCOUNT = "123456789012";

    private SnsEvents() {
    }

    /** The ARN a topic of that name has in the emulator's region and account. */
    public static String topicArn(String topicName) {
        return "arn:aws:sns:" + LocalAws.REGION.id() + ":" + ACCOUNT + ":" + topicName;
    }

    /** One notification of {@code message} on the topic, as SNS delivers it to a subscribed function. */
    public static SNSEvent notification(String topicArn, String message, Instant at) {
        String subscription = topicArn + ":" + UUID.nameUUIDFromBytes(topicArn.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        String endpoint = "https://sns." + LocalAws.REGION.id() + ".amazonaws.com";
        SNSEvent.SNS sns = new SNSEvent.SNS()
                .withType("Notification")
                .withMessageId(UUID.randomUUID().toString())
                .withTopicArn(topicArn)
                .withSubject(null)
                .withMessage(message)
                .withTimestamp(new DateTime(at.toEpochMilli()))
                .withSignatureVersion("1")
                // Lambda does not verify it; a subscriber over HTTP would
                .withSignature("bG9jYWwgc3RhbmQtaW4sIG5vdCBzaWduZWQ=")
                .withSigningCertUrl(endpoint + "/SimpleNotificationService-local.pem")
                .withUnsubscribeUrl(endpoint + "/?Action=Unsubscribe&SubscriptionArn=" + subscription)
                .withMessageAttributes(Map.of());
        SNSEvent.SNSRecord record = new SNSEvent.SNSRecord()
                .withEventSource("aws:sns")
                .withEventVersion("1.0")
                .withEventSubscriptionArn(subscription)
                .withSns(sns);
        return new SNSEvent().withRecords(List.of(record));
    }

    /** A sample SNS event file (events/sns-*.json) as the event object Lambda's runtime hands the handler. */
    public static SNSEvent fromJson(JsonNode event) {
        List<SNSEvent.SNSRecord> records = new ArrayList<>();
        for (JsonNode r : event.path("Records")) {
            JsonNode s = r.path("Sns");
            SNSEvent.SNS sns = new SNSEvent.SNS()
                    .withType(text(s, "Type"))
                    .withMessageId(text(s, "MessageId"))
                    .withTopicArn(text(s, "TopicArn"))
                    .withSubject(text(s, "Subject"))
                    .withMessage(text(s, "Message"))
                    .withTimestamp(s.hasNonNull("Timestamp") ? new DateTime(Instant.parse(text(s, "Timestamp")).toEpochMilli()) : null)
                    .withSignatureVersion(text(s, "SignatureVersion"))
                    .withSignature(text(s, "Signature"))
                    .withSigningCertUrl(text(s, "SigningCertUrl"))
                    .withUnsubscribeUrl(text(s, "UnsubscribeUrl"))
                    .withMessageAttributes(Map.of());
            records.add(new SNSEvent.SNSRecord().withEventSource(text(r, "EventSource"))
                    .withEventVersion(text(r, "EventVersion")).withEventSubscriptionArn(text(r, "EventSubscriptionArn"))
                    .withSns(sns));
        }
        return new SNSEvent().withRecords(records);
    }

    private static String text(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asText() : null;
    }
}
