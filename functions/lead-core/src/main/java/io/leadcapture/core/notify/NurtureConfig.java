package io.leadcapture.core.notify;

import io.leadcapture.core.BundledConfig;
import io.leadcapture.core.ConsentStatus;
import io.leadcapture.core.Direction;
import io.leadcapture.core.FormCatalog;
import io.leadcapture.core.Interaction;
import io.leadcapture.core.Lead;
import io.leadcapture.core.SalesFollowUp;
import io.leadcapture.core.Stage;
import io.leadcapture.core.Temperature;
import io.leadcapture.core.Touch;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The nurture sequences (timed mails to leads that are interested but not ready for sales), loaded
 * once from the versioned {@code nurture.yaml} and checked at load: an unknown key, a temperature or
 * form id that does not exist, steps out of order, a link that is not https, an empty subject or
 * body, or an unknown placeholder stops the function from starting. Pure: who enters which sequence,
 * when a step is due, and what stops a lead's sequence are decided here.
 */
public final class NurtureConfig {
    public static final String BUNDLED_RESOURCE = "/config/nurture.yaml";
    /** Why a sequence stopped (the nurture item's {@code stoppedReason}). */
    public static final String STOP_MQL = "mql";
    public static final String STOP_SALES_STAGE = "sales_stage";
    public static final String STOP_HOT = "hot";
    public static final String STOP_SALES_ACTIVITY = "sales_activity";
    public static final String STOP_CONSENT = "consent_withdrawn";
    public static final String STOP_SUPPRESSED = "address_suppressed";

    static final Set<String> PLACEHOLDERS = Set.of("firstName", "unsubscribeUrl", "linkUrl");
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z]+)}");
    private static final Pattern UTM_KEY = Pattern.compile("utm_[a-z]{1,20}");
    private static final int MAX_AFTER_DAYS = 365;
    private static final Map<String, DayOfWeek> DAYS = Map.of("MON", DayOfWeek.MONDAY, "TUE", DayOfWeek.TUESDAY,
            "WED", DayOfWeek.WEDNESDAY, "THU", DayOfWeek.THURSDAY, "FRI", DayOfWeek.FRIDAY,
            "SAT", DayOfWeek.SATURDAY, "SUN", DayOfWeek.SUNDAY);

    private final int version;
    private final BusinessHours sendingHours;
    private final String fallbackUrl;
    private final List<Sequence> sequences;

    private NurtureConfig(int version, BusinessHours sendingHours, String fallbackUrl, List<Sequence> sequences) {
        this.version = version;
        this.sendingHours = sendingHours;
        this.fallbackUrl = fallbackUrl;
        this.sequences = List.copyOf(sequences);
    }

    /**
     * Who may enter a sequence; every condition given must hold.
     *
     * @param consent      the marketing consent the lead must have (only {@code confirmed}: by double opt-in)
     * @param temperatures the lead's temperature when it is enrolled (empty: any, unscored included)
     * @param forms        the lead posted one of these forms (empty: any)
     */
    public record Entry(ConsentStatus consent, Set<Temperature> temperatures, Set<String> forms) {
        public Entry {
            temperatures = temperatures.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(temperatures));
            forms = Set.copyOf(forms);
        }
    }

    /** A step's link: {@code url} with the {@code utm} parameters in file order. */
    public record Link(String url, Map<String, String> utm) {
        public Link {
            utm = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(utm));
        }

        /** The absolute URL with the utm parameters appended (query-encoded), before any fragment. */
        public String withUtm() {
            if (utm.isEmpty()) {
                return url;
            }
            int hash = url.indexOf('#');
            String base = hash < 0 ? url : url.substring(0, hash);
            String fragment = hash < 0 ? "" : url.substring(hash);
            StringBuilder out = new StringBuilder(base);
            char sep = base.indexOf('?') < 0 ? '?' : '&';
            for (Map.Entry<String, String> p : utm.entrySet()) {
                out.append(sep).append(encode(p.getKey())).append('=').append(encode(p.getValue()));
                sep = '&';
            }
            return out.append(fragment).toString();
        }

        private static String encode(String s) {
            return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
        }
    }

    /**
     * @param number    1-based
     * @param afterDays days after enrolment the step is due (then at the next sending time)
     * @param link      null when the step has none
     */
    public record Step(int number, int afterDays, String subject, String text, String html, Link link) {
    }

    public record Sequence(String name, String description, Entry entry, List<Step> steps) {
        public Sequence {
            steps = List.copyOf(steps);
        }

        /** Step {@code number} (1-based), if the sequence has it. */
        public Optional<Step> step(int number) {
            return number >= 1 && number <= steps.size() ? Optional.of(steps.get(number - 1)) : Optional.empty();
        }
    }

    public static NurtureConfig bundled() {
        FormCatalog forms = FormCatalog.bundled();
        return BundledConfig.bundled(BUNDLED_RESOURCE, in -> load(in, forms));
    }

    /** @param forms the form catalogue the entry rules' form ids are checked against */
    public static NurtureConfig load(InputStream yaml, FormCatalog forms) throws IOException {
        FileModel file = BundledConfig.read(yaml, FileModel.class);
        if (file == null) {
            throw new IllegalArgumentException("nurture.yaml is empty");
        }
        if (file.version() == null || file.version() < 1) {
            throw new IllegalArgumentException("nurture.yaml: version must be 1 or more");
        }
        BusinessHours hours = sendingHours(file);
        String fallback = httpsUrl(file.fallbackUrl(), "fallbackUrl");
        List<Sequence> sequences = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (SequenceModel m : file.sequences() == null ? List.<SequenceModel>of() : file.sequences()) {
            if (m == null) {
                throw new IllegalArgumentException("nurture.yaml: empty sequence entry");
            }
            Sequence s = m.toSequence(forms);
            if (!names.add(s.name())) {
                throw new IllegalArgumentException("nurture.yaml: sequence name '" + s.name() + "' is used twice");
            }
            sequences.add(s);
        }
        return new NurtureConfig(file.version(), hours, fallback, sequences);
    }

    public int version() {
        return version;
    }

    /** The sequences in file order: a lead enters the first whose entry it meets. */
    public List<Sequence> sequences() {
        return sequences;
    }

    public Optional<Sequence> sequence(String name) {
        return sequences.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /**
     * The configured link of step {@code step} (1-based) of {@code sequence}: absolute https URL with
     * its utm parameters appended; empty for an unknown sequence or step, or a step without a link.
     */
    public Optional<String> linkOf(String sequence, int step) {
        return sequence(sequence).flatMap(s -> s.step(step)).map(Step::link).filter(Objects::nonNull).map(Link::withUtm);
    }

    /** Where a link of a step no longer configured goes (https). */
    public String fallbackUrl() {
        return fallbackUrl;
    }

    /** When nurture mails go out: the business days between {@code sendFrom} and {@code sendTo} local time. */
    public BusinessHours sendingHours() {
        return sendingHours;
    }

    /** The first sending time at or after {@code t}. */
    public Instant sendTime(Instant t) {
        return sendingHours.deadline(t, Duration.ZERO);
    }

    /** Whether mails may go out at {@code t}. */
    public boolean sending(Instant t) {
        return sendTime(t).equals(t);
    }

    /**
     * When step {@code step} of {@code sequence} is due for a lead enrolled at {@code enrolledAt}: its
     * day, then the next sending time, in whole seconds — a run at a schedule's event time (which
     * carries milliseconds at most) at or after the shown time finds the step due.
     */
    public Instant dueAt(Sequence sequence, int step, Instant enrolledAt) {
        Step s = sequence.step(step).orElseThrow(() -> new IllegalArgumentException(
                "sequence " + sequence.name() + " has no step " + step));
        return sendTime(enrolledAt.plus(Duration.ofDays(s.afterDays())).truncatedTo(ChronoUnit.SECONDS));
    }

    /**
     * The sequence the lead enters now: the first (in file order) whose entry it meets and that it was
     * never in ({@code enteredBefore}); empty when none, or when a stop rule holds for it already.
     */
    public Optional<Sequence> entryFor(Lead lead, Set<String> enteredBefore) {
        if (lead.test() || stopReason(lead, false).isPresent() || lead.consent() == null) {
            return Optional.empty();
        }
        Temperature temperature = lead.scoring() == null ? null : lead.scoring().temperature();
        Set<String> posted = postedForms(lead);
        for (Sequence s : sequences) {
            Entry e = s.entry();
            if (enteredBefore.contains(s.name()) || lead.consent().status() != e.consent()) {
                continue;
            }
            if (!e.temperatures().isEmpty() && (temperature == null || !e.temperatures().contains(temperature))) {
                continue;
            }
            if (!e.forms().isEmpty() && e.forms().stream().noneMatch(posted::contains)) {
                continue;
            }
            return Optional.of(s);
        }
        return Optional.empty();
    }

    /** The forms the lead posted itself (inbound interactions of its history, and its first and last touch). */
    private static Set<String> postedForms(Lead lead) {
        Set<String> forms = new LinkedHashSet<>();
        for (Interaction i : lead.interactions()) {
            if (i.formId() != null && i.direction() == Direction.INBOUND) {
                forms.add(i.formId());
            }
        }
        for (Touch t : new Touch[] {lead.firstTouch(), lead.lastTouch()}) {
            if (t != null && t.formId() != null) {
                forms.add(t.formId());
            }
        }
        return forms;
    }

    /**
     * Why the lead's sequence ends now, if it does: it became MQL (or a later sales stage), turned hot,
     * is owned by sales with an activity logged, its marketing consent is no longer confirmed
     * (withdrawn by the unsubscribe link or a complaint), or its address is suppressed (a permanent
     * bounce or a complaint).
     */
    public static Optional<String> stopReason(Lead lead, boolean addressSuppressed) {
        if (lead.stage() == Stage.MQL) {
            return Optional.of(STOP_MQL);
        }
        if (lead.stage() != Stage.LEAD) {
            return Optional.of(STOP_SALES_STAGE);
        }
        if (lead.scoring() != null && lead.scoring().temperature() == Temperature.HOT) {
            return Optional.of(STOP_HOT);
        }
        SalesFollowUp f = SalesFollowUp.orNone(lead.sales());
        if (f.owner() != null && (f.lastActivityAt() != null || !f.activities().isEmpty())) {
            return Optional.of(STOP_SALES_ACTIVITY);
        }
        if (lead.consent() == null || lead.consent().status() != ConsentStatus.CONFIRMED) {
            return Optional.of(STOP_CONSENT);
        }
        if (addressSuppressed || (lead.emailStatus() != null && lead.emailStatus().suppressed())) {
            return Optional.of(STOP_SUPPRESSED);
        }
        return Optional.empty();
    }

    /** The form ids any entry rule names (the notification function's stream filter lets their posts through). */
    public Set<String> entryForms() {
        Set<String> forms = new LinkedHashSet<>();
        sequences.forEach(s -> forms.addAll(s.entry().forms()));
        return forms;
    }

    private static BusinessHours sendingHours(FileModel file) {
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (String d : file.businessDays() == null ? List.<String>of() : file.businessDays()) {
            DayOfWeek day = d == null ? null : DAYS.get(d.strip().toUpperCase(Locale.ROOT));
            if (day == null) {
                throw new IllegalArgumentException("nurture.yaml: businessDays: " + d
                        + " is not one of MON, TUE, WED, THU, FRI, SAT, SUN");
            }
            days.add(day);
        }
        if (days.isEmpty()) {
            throw new IllegalArgumentException("nurture.yaml: businessDays lists no day");
        }
        ZoneId zone;
        try {
            zone = ZoneId.of(Objects.requireNonNull(file.timeZone(), "timeZone"));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("nurture.yaml: timeZone " + file.timeZone()
                    + " is not an IANA time zone (e.g. Europe/Berlin)");
        }
        try {
            return new BusinessHours(days, LocalTime.parse(Objects.requireNonNull(file.sendFrom(), "sendFrom")),
                    LocalTime.parse(Objects.requireNonNull(file.sendTo(), "sendTo")), zone);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("nurture.yaml: sendFrom/sendTo must be \"HH:MM\" with sendFrom before sendTo");
        }
    }

    /** An absolute https URL without whitespace or control characters. */
    static String httpsUrl(String url, String where) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("nurture.yaml: " + where + " is required");
        }
        boolean printable = url.chars().allMatch(c -> c > 0x20 && c < 0x7f);
        try {
            URI uri = new URI(url);
            if (printable && "https".equals(uri.getScheme()) && uri.getHost() != null && !uri.getHost().isEmpty()
                    && uri.getUserInfo() == null) {
                return url;
            }
        } catch (URISyntaxException e) {
            // refused below
        }
        throw new IllegalArgumentException("nurture.yaml: " + where + " " + url + " is not an absolute https URL");
    }

    record FileModel(Integer version, List<String> businessDays, String sendFrom, String sendTo, String timeZone,
                     String fallbackUrl, List<SequenceModel> sequences) {
    }

    record EntryModel(String consent, List<String> temperatures, List<String> forms) {
    }

    record LinkModel(String url, Map<String, String> utm) {
    }

    record StepModel(Integer afterDays, String subject, String text, String html, LinkModel link) {
    }

    record SequenceModel(String name, String description, EntryModel entry, List<StepModel> steps) {

        Sequence toSequence(FormCatalog forms) {
            if (name == null || !NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("nurture.yaml: sequence name '" + name
                        + "' must be lower-case letters, digits, - or _ (at most 64)");
            }
            String where = "nurture.yaml: sequence '" + name + "': ";
            if (entry == null || entry.consent() == null) {
                throw new IllegalArgumentException(where + "entry.consent is required (confirmed)");
            }
            if (!ConsentStatus.CONFIRMED.wireName().equals(entry.consent())) {
                throw new IllegalArgumentException(where + "entry.consent " + entry.consent()
                        + " is not allowed: nurture mails need consent confirmed by double opt-in (confirmed)");
            }
            Set<Temperature> temperatures = EnumSet.noneOf(Temperature.class);
            for (String t : entry.temperatures() == null ? List.<String>of() : entry.temperatures()) {
                Temperature parsed = null;
                for (Temperature candidate : Temperature.values()) {
                    if (candidate.wireName().equals(t)) {
                        parsed = candidate;
                    }
                }
                if (parsed == null) {
                    throw new IllegalArgumentException(where + "temperature " + t + " is not one of cold, warm, hot");
                }
                if (parsed == Temperature.HOT) {
                    throw new IllegalArgumentException(where + "temperature hot is not allowed: hot leads go to sales");
                }
                temperatures.add(parsed);
            }
            Set<String> formIds = new LinkedHashSet<>();
            for (String f : entry.forms() == null ? List.<String>of() : entry.forms()) {
                if (f == null || forms.find(f).isEmpty()) {
                    throw new IllegalArgumentException(where + "form " + f + " is not a form of forms.yaml");
                }
                formIds.add(f);
            }
            if (steps == null || steps.isEmpty()) {
                throw new IllegalArgumentException(where + "has no steps");
            }
            List<Step> out = new ArrayList<>();
            int previous = -1;
            for (StepModel m : steps) {
                int number = out.size() + 1;
                String at = where + "step " + number + ": ";
                if (m == null) {
                    throw new IllegalArgumentException(at + "empty");
                }
                if (m.afterDays() == null || m.afterDays() < 0 || m.afterDays() > MAX_AFTER_DAYS) {
                    throw new IllegalArgumentException(at + "afterDays must be 0 to " + MAX_AFTER_DAYS);
                }
                if (m.afterDays() <= previous) {
                    throw new IllegalArgumentException(at + "afterDays " + m.afterDays()
                            + " must be later than the previous step's " + previous);
                }
                previous = m.afterDays();
                if (m.subject() == null || m.subject().isBlank()) {
                    throw new IllegalArgumentException(at + "subject is empty");
                }
                if (!Mail.isHeaderSafe(m.subject().strip()) || m.subject().strip().length() > Mail.MAX_SUBJECT_LENGTH / 2) {
                    throw new IllegalArgumentException(at + "subject must be one line of at most "
                            + Mail.MAX_SUBJECT_LENGTH / 2 + " characters");
                }
                if (m.text() == null || m.text().isBlank()) {
                    throw new IllegalArgumentException(at + "text is empty");
                }
                if (m.html() == null || m.html().isBlank()) {
                    throw new IllegalArgumentException(at + "html is empty");
                }
                Link link = null;
                if (m.link() != null) {
                    String url = httpsUrl(m.link().url(), "sequence '" + name + "' step " + number + " link.url");
                    Map<String, String> utm = m.link().utm() == null ? Map.of() : m.link().utm();
                    for (Map.Entry<String, String> p : utm.entrySet()) {
                        if (!UTM_KEY.matcher(p.getKey()).matches() || p.getValue() == null || p.getValue().isBlank()) {
                            throw new IllegalArgumentException(at + "link.utm " + p.getKey()
                                    + " must be a utm_… parameter with a value");
                        }
                    }
                    link = new Link(url, utm);
                }
                for (String part : List.of(m.subject(), m.text(), m.html())) {
                    Matcher p = PLACEHOLDER.matcher(part);
                    while (p.find()) {
                        String placeholder = p.group(1);
                        if (!PLACEHOLDERS.contains(placeholder)) {
                            throw new IllegalArgumentException(at + "unknown placeholder {" + placeholder + "}");
                        }
                        if ("linkUrl".equals(placeholder) && link == null) {
                            throw new IllegalArgumentException(at + "uses {linkUrl} but has no link");
                        }
                    }
                }
                out.add(new Step(number, m.afterDays(), m.subject().strip(), m.text(), m.html(), link));
            }
            return new Sequence(name, description, new Entry(ConsentStatus.CONFIRMED, temperatures, formIds), out);
        }
    }
}
