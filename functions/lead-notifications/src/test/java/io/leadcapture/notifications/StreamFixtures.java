package io.leadcapture.notifications;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import com.fasterxml.jackson.databind.JsonNode;
import io.leadcapture.local.aws.LocalAws;
import io.leadcapture.local.aws.MotoServer;
import io.leadcapture.runtime.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.SesV2ClientBuilder;

/** Stream records of items read from moto, and the mails moto's SES accepted: what the notification tests share. */
final class StreamFixtures {
    private StreamFixtures() {
    }

    /** The stream's INSERT record of {@code item}, as Lambda hands it to the function. */
    static DynamodbEvent insertOf(Map<String, AttributeValue> item) {
        StreamRecord change = new StreamRecord();
        change.setKeys(Map.of("pk", lambda(item.get("pk")), "sk", lambda(item.get("sk"))));
        Map<String, com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue> image = new HashMap<>();
        item.forEach((k, v) -> image.put(k, lambda(v)));
        change.setNewImage(image);
        change.setSequenceNumber(Long.toString(System.nanoTime()));
        DynamodbEvent.DynamodbStreamRecord record = new DynamodbEvent.DynamodbStreamRecord();
        record.setEventName("INSERT");
        record.setDynamodb(change);
        DynamodbEvent event = new DynamodbEvent();
        event.setRecords(List.of(record));
        return event;
    }

    /** The stream's MODIFY record of an item from {@code before} to {@code after}, as Lambda hands it to the function. */
    static DynamodbEvent modifyOf(Map<String, AttributeValue> before, Map<String, AttributeValue> after) {
        StreamRecord change = new StreamRecord();
        change.setKeys(Map.of("pk", lambda(after.get("pk")), "sk", lambda(after.get("sk"))));
        Map<String, com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue> oldImage = new HashMap<>();
        before.forEach((k, v) -> oldImage.put(k, lambda(v)));
        Map<String, com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue> newImage = new HashMap<>();
        after.forEach((k, v) -> newImage.put(k, lambda(v)));
        change.setOldImage(oldImage);
        change.setNewImage(newImage);
        change.setSequenceNumber(Long.toString(System.nanoTime()));
        DynamodbEvent.DynamodbStreamRecord record = new DynamodbEvent.DynamodbStreamRecord();
        record.setEventName("MODIFY");
        record.setDynamodb(change);
        DynamodbEvent event = new DynamodbEvent();
        event.setRecords(List.of(record));
        return event;
    }

    static com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue lambda(AttributeValue v) {
        var out = new com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue();
        if (v.s() != null) {
            return out.withS(v.s());
        }
        if (v.n() != null) {
            return out.withN(v.n());
        }
        if (v.bool() != null) {
            return out.withBOOL(v.bool());
        }
        if (v.hasM()) {
            Map<String, com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue> m = new HashMap<>();
            v.m().forEach((k, x) -> m.put(k, lambda(x)));
            return out.withM(m);
        }
        if (v.hasL()) {
            return out.withL(v.l().stream().map(StreamFixtures::lambda).toList());
        }
        throw new IllegalArgumentException("attribute type not used by the table: " + v);
    }

    /** What moto's SES accepted for {@code to}, oldest first. */
    static List<JsonNode> mailsTo(String to) throws Exception {
        HttpResponse<String> state = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(MotoServer.endpoint().resolve("/moto-api/data.json")).build(),
                HttpResponse.BodyHandlers.ofString());
        List<JsonNode> mails = new ArrayList<>();
        for (JsonNode m : Json.MAPPER.readTree(state.body()).path("ses").path("Message")) {
            for (JsonNode a : m.path("destinations").path("ToAddresses")) {
                if (a.asText().equals(to)) {
                    mails.add(m);
                }
            }
        }
        return mails;
    }

    /** An SES v2 client builder against {@code at} (moto, or a proxy in front of it) with the tests' credentials. */
    static SesV2ClientBuilder ses(URI at) {
        return SesV2Client.builder().endpointOverride(at).region(LocalAws.REGION)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create());
    }

    /** A sender address of its own, verified: SES's sandbox sends only from verified identities. */
    static String verifiedSender(SesV2Client ses) {
        String sender = "leads-" + UUID.randomUUID() + "@example.com";
        ses.createEmailIdentity(r -> r.emailIdentity(sender));
        return sender;
    }
}
