package io.leadcapture.notifications;

import static io.leadcapture.notifications.MailEmulator.ENDPOINT;
import static io.leadcapture.notifications.MailEmulator.SENDER;
import static io.leadcapture.notifications.MailEmulator.SES;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadcapture.core.notify.Mail;
import io.leadcapture.runtime.Json;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What SES receives from {@link MailSender}, against moto's SES over the wire. */
class MailSenderTest {
    @Test
    void internationalisedDomainsAreSentInPunycode() throws Exception {
        String local = "joerg." + UUID.randomUUID().toString().substring(0, 8);
        Mail mail = new Mail("Hot lead: Jörg Weiß (Müller & Söhne GmbH)", "<p>Grüße</p>", "Grüße",
                List.of(local + "@müller-söhne.de", "sales@example.com"), "anna@bücher.de");

        String messageId = new MailSender(SES, SENDER).send(mail);

        JsonNode sent = sentMessage(messageId);
        List<String> to = new ArrayList<>();
        sent.path("destinations").path("ToAddresses").forEach(a -> to.add(a.asText()));
        assertThat(to).containsExactly(local + "@xn--mller-shne-kcb9d.de", "sales@example.com");
        assertThat(sent.path("source").asText()).isEqualTo(SENDER);
        assertThat(sent.path("subject").asText()).isEqualTo("Hot lead: Jörg Weiß (Müller & Söhne GmbH)");
    }

    @Test
    void onlyTheDomainIsConverted() {
        assertThat(MailSender.ascii("anna@bücher.de")).isEqualTo("anna@xn--bcher-kva.de");
        assertThat(MailSender.ascii("info@пример.рф")).isEqualTo("info@xn--e1afmkfd.xn--p1ai");
        assertThat(MailSender.ascii("max.mustermann@example.com")).isEqualTo("max.mustermann@example.com");
    }

    /** The message moto's SES accepted with this id, from its state in /moto-api/data.json. */
    static JsonNode sentMessage(String messageId) throws Exception {
        HttpResponse<String> state = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(ENDPOINT.resolve("/moto-api/data.json")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(state.statusCode()).isEqualTo(200);
        for (JsonNode m : Json.MAPPER.readTree(state.body()).path("ses").path("Message")) {
            if (messageId.equals(m.path("id").asText())) {
                return m;
            }
        }
        throw new AssertionError("SES has no message " + messageId);
    }
}
