package io.leadcapture.core.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadcapture.core.EmailAddresses;
import io.leadcapture.core.EmailStatus;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A bounce or a complaint as SES reports it, in the JSON that SES publishes to SNS — either through a
 * configuration set's event destination ({@code eventType}) or as an identity's feedback
 * notification ({@code notificationType}); both carry the same {@code bounce}/{@code complaint} and
 * {@code mail} objects.
 *
 * <p>What it means for the addresses: a {@code Permanent} bounce and a complaint suppress them; a
 * {@code Transient} bounce (a full mailbox, an out-of-office reply: {@code Transient/General}) and an
 * {@code Undetermined} one are only counted. A complaint also withdraws marketing consent.
 *
 * @param recipients the bounced or complaining addresses, normalised as leads store them, each once
 * @param occurredAt when the bounce or complaint happened (the feedback's timestamp), or null if SES gave none
 */
public record MailFeedback(Kind kind, String feedbackId, BounceType bounceType, String subType, List<String> recipients,
                           Instant occurredAt, String messageId) {
    /**
     * The most addresses one feedback is applied for at once (one transaction). SES reports at most
     * the recipients of one mail; every mail of this product has one.
     */
    public static final int MAX_RECIPIENTS = 45;
    /** What SES publishes once to a topic when an event destination is set up: not a feedback. */
    static final String SES_SETUP_NOTICE = "Successfully validated SNS topic for Amazon SES event publishing.";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern FEEDBACK_ID = Pattern.compile("[A-Za-z0-9._:+=-]{1,200}");
    private static final Pattern ANGLE_ADDRESS = Pattern.compile("<([^<>\\s]+@[^<>\\s]+)>\\s*$");

    public MailFeedback {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(feedbackId, "feedbackId");
        recipients = List.copyOf(recipients);
    }

    public enum Kind {
        BOUNCE,
        COMPLAINT;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public enum BounceType {
        PERMANENT,
        TRANSIENT,
        UNDETERMINED
    }

    /** The address is suppressed: a permanent bounce or a complaint. */
    public boolean suppresses() {
        return kind == Kind.COMPLAINT || bounceType == BounceType.PERMANENT;
    }

    /** A complaint: the person said no to our mail, so marketing consent is withdrawn as well. */
    public boolean withdrawsConsent() {
        return kind == Kind.COMPLAINT;
    }

    /** Why an address it suppresses is suppressed; null when it only counts. */
    public EmailStatus.Reason reason() {
        return !suppresses() ? null
                : kind == Kind.COMPLAINT ? EmailStatus.Reason.COMPLAINT : EmailStatus.Reason.PERMANENT_BOUNCE;
    }

    /** A lead's email status after this feedback about its address, at {@code at}. */
    public EmailStatus applyTo(EmailStatus current, Instant at) {
        EmailStatus status = EmailStatus.orOk(current);
        return suppresses() ? status.suppressedFor(reason(), at) : status.withTransientBounce(at);
    }

    /**
     * Reads the {@code Message} of an SNS notification from SES.
     *
     * @return empty for what SES publishes besides bounces and complaints (deliveries, the topic's
     *         set-up notice): nothing to do
     * @throws MalformedMailFeedbackException not a bounce or complaint notification as SES documents it
     */
    public static Optional<MailFeedback> parse(String message) {
        if (message == null || message.isBlank()) {
            throw new MalformedMailFeedbackException("empty message");
        }
        if (message.strip().equals(SES_SETUP_NOTICE)) {
            return Optional.empty();
        }
        JsonNode root;
        try {
            root = JSON.readTree(message);
        } catch (JsonProcessingException e) {
            // the parser's own message may quote the input, which can hold addresses
            throw new MalformedMailFeedbackException("not JSON (at character "
                    + (e.getLocation() == null ? "?" : e.getLocation().getCharOffset()) + ")");
        }
        if (root == null || !root.isObject()) {
            throw new MalformedMailFeedbackException("not a JSON object");
        }
        String type = text(root, "eventType");
        if (type == null) {
            type = text(root, "notificationType");
        }
        if (type == null) {
            throw new MalformedMailFeedbackException("neither eventType nor notificationType");
        }
        return switch (type) {
            case "Bounce" -> Optional.of(bounce(root));
            case "Complaint" -> Optional.of(complaint(root));
            default -> Optional.empty();
        };
    }

    private static MailFeedback bounce(JsonNode root) {
        JsonNode bounce = object(root, "bounce");
        String type = text(bounce, "bounceType");
        if (type == null) {
            throw new MalformedMailFeedbackException("bounce without bounceType");
        }
        BounceType bounceType = switch (type) {
            case "Permanent" -> BounceType.PERMANENT;
            case "Transient" -> BounceType.TRANSIENT;
            // Undetermined, and any type SES may add: not enough to stop mailing an address
            default -> BounceType.UNDETERMINED;
        };
        return new MailFeedback(Kind.BOUNCE, feedbackId(bounce), bounceType, text(bounce, "bounceSubType"),
                recipients(bounce, "bouncedRecipients"), time(bounce, root), messageId(root));
    }

    private static MailFeedback complaint(JsonNode root) {
        JsonNode complaint = object(root, "complaint");
        return new MailFeedback(Kind.COMPLAINT, feedbackId(complaint), null, text(complaint, "complaintSubType"),
                recipients(complaint, "complainedRecipients"), time(complaint, root), messageId(root));
    }

    private static JsonNode object(JsonNode root, String field) {
        JsonNode node = root.path(field);
        if (!node.isObject()) {
            throw new MalformedMailFeedbackException("no " + field + " object");
        }
        return node;
    }

    private static String feedbackId(JsonNode feedback) {
        String id = text(feedback, "feedbackId");
        if (id == null || !FEEDBACK_ID.matcher(id).matches()) {
            throw new MalformedMailFeedbackException("missing or unusable feedbackId");
        }
        return id;
    }

    private static List<String> recipients(JsonNode feedback, String field) {
        JsonNode list = feedback.path(field);
        if (!list.isArray() || list.isEmpty()) {
            throw new MalformedMailFeedbackException("no " + field);
        }
        Set<String> addresses = new LinkedHashSet<>();
        for (JsonNode r : list) {
            String raw = text(r, "emailAddress");
            if (raw == null) {
                throw new MalformedMailFeedbackException(field + " entry without emailAddress");
            }
            addresses.add(normalised(raw));
        }
        if (addresses.size() > MAX_RECIPIENTS) {
            throw new MalformedMailFeedbackException(addresses.size() + " " + field + ", more than " + MAX_RECIPIENTS);
        }
        return new ArrayList<>(addresses);
    }

    /**
     * The address as leads store it: SES reports what it was sent to (an IDN domain in punycode), and
     * may report {@code Name <address>}.
     */
    static String normalised(String raw) {
        String address = raw.strip();
        Matcher angle = ANGLE_ADDRESS.matcher(address);
        if (angle.find()) {
            address = angle.group(1);
        }
        if (address.indexOf('@') <= 0) {
            throw new MalformedMailFeedbackException("a recipient is not an email address");
        }
        return EmailAddresses.normalise(address).orElse(address.toLowerCase(Locale.ROOT));
    }

    private static Instant time(JsonNode feedback, JsonNode root) {
        String at = text(feedback, "timestamp");
        if (at == null) {
            at = text(root.path("mail"), "timestamp");
        }
        try {
            return at == null ? null : Instant.parse(at);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String messageId(JsonNode root) {
        return text(root.path("mail"), "messageId");
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isTextual() && !v.asText().isBlank() ? v.asText() : null;
    }
}
