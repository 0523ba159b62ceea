package io.leadcapture.notifications;

import io.leadcapture.core.notify.Mail;
import io.leadcapture.runtime.aws.AwsClients;
import java.net.IDN;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.model.MessageHeader;
import software.amazon.awssdk.services.sesv2.model.SesV2Exception;

/** Sends a rendered mail through SES v2 from the configured sender identity. */
public final class MailSender {
    /** SES did not take the mail; nothing was sent. */
    public static final class NotSent extends RuntimeException {
        NotSent(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The outcome is unknown (timeout after sending): the mail may or may not have left. */
    public static final class Unknown extends RuntimeException {
        Unknown(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final SesV2Client ses;
    private final String sender;
    private final String configurationSet;

    public MailSender(SesV2Client ses, String sender) {
        this(ses, sender, null);
    }

    /**
     * @param configurationSet the SES configuration set every mail names (its event destination
     *                         publishes bounces and complaints), or null/blank for none (locally)
     */
    public MailSender(SesV2Client ses, String sender, String configurationSet) {
        this.ses = ses;
        this.sender = sender;
        this.configurationSet = configurationSet == null || configurationSet.isBlank() ? null : configurationSet;
    }

    public static SesV2Client defaultClient() {
        return SesV2Client.builder().httpClient(AwsClients.httpClient()).region(AwsClients.region())
                .credentialsProvider(AwsClients.credentials()).overrideConfiguration(AwsClients.overrides()).build();
    }

    /** Leads are stored with Unicode domains (jörg@müller.de); SES takes the domain in its ASCII (punycode) form. */
    static String ascii(String address) {
        int at = address.lastIndexOf('@');
        return address.substring(0, at + 1) + IDN.toASCII(address.substring(at + 1));
    }

    /** RFC 8058 one-click unsubscribe: the link, and that a POST to it unsubscribes without a page. */
    static List<MessageHeader> unsubscribeHeaders(Mail mail) {
        if (mail.unsubscribeUrl() == null) {
            return List.of();
        }
        return List.of(MessageHeader.builder().name("List-Unsubscribe").value("<" + mail.unsubscribeUrl() + ">").build(),
                MessageHeader.builder().name("List-Unsubscribe-Post").value("List-Unsubscribe=One-Click").build());
    }

    /** @return the SES message id */
    public String send(Mail mail) {
        try {
            return ses.sendEmail(r -> r.fromEmailAddress(sender).configurationSetName(configurationSet)
                    .destination(d -> d.toAddresses(mail.to().stream().map(MailSender::ascii).toList()))
                    .replyToAddresses(mail.replyTo() == null ? List.of() : List.of(ascii(mail.replyTo())))
                    .content(c -> c.simple(m -> m
                            .subject(s -> s.data(mail.subject()).charset("UTF-8"))
                            .body(b -> b.html(h -> h.data(mail.html()).charset("UTF-8"))
                                    .text(t -> t.data(mail.text()).charset("UTF-8")))
                            .headers(unsubscribeHeaders(mail)))))
                    .messageId();
        } catch (SesV2Exception e) {
            throw new NotSent("SES refused the mail (" + e.statusCode() + "): " + e.getMessage(), e);
        } catch (SdkClientException e) {
            throw new Unknown("no answer from SES: " + e.getMessage(), e);
        }
    }
}
