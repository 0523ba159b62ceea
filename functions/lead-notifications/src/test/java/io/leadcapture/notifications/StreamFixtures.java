package io.leadcapture.notifications;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.fasterxml.jackson.databind.JsonNode;
import io.leadcapture.local.aws.LocalAws;
import io.leadcapture.local.aws.MotoServer;
import io.leadcapture.local.aws.StreamImages;
import io.leadcapture.runtime.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
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
        return event(StreamImages.insert(item));
    }

    /** The stream's MODIFY record of an item from {@code before} to {@code after}, as Lambda hands it to the function. */
    static DynamodbEvent modifyOf(Map<String, AttributeValue> before, Map<String, AttributeValue> after) {
        return event(StreamImages.modify(before, after));
    }

    private static DynamodbEvent event(DynamodbEvent.DynamodbStreamRecord record) {
        DynamodbEvent event = new DynamodbEvent();
        event.setRecords(List.of(record));
        return event;
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
