package io.leadcapture.runtime.store;

import static io.leadcapture.runtime.store.LeadItems.PK;
import static io.leadcapture.runtime.store.LeadItems.SK;
import static io.leadcapture.runtime.store.LeadItems.s;

import io.leadcapture.core.FreeMailDomains;
import io.leadcapture.runtime.Env;
import io.leadcapture.runtime.aws.AwsClients;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The leads table, one concern per class: captures, reads, scores and stages, consent, notification
 * markers, the whole-table scan, profile decisions, merges, erasures, lists. This package alone knows keys, attribute names and item layouts
 * (docs/data-model.md); what leaves it is domain records, typed changes and opaque cursors.
 */
public final class LeadStore {
    private final Table table;
    private final CaptureStore captures;
    private final LeadReads reads;
    private final LeadScores scores;
    private final ConsentStore consents;
    private final NotificationMarkers markers;
    private final LeadScan scan;
    private final ProfileChanges profileChanges;
    private final LeadMerges merges;
    private final LeadExports exports;
    private final MailSuppressions suppressions;
    private final LeadErasures erasures;
    private final LeadLists lists;
    private final LeadFollowUps followUps;
    private final FunnelCounters funnel;
    private final LeadDecay decay;
    private final LeadNurture nurture;
    private final ImportStore imports;

    public LeadStore(DynamoDbClient ddb, String tableName) {
        this(ddb, tableName, CaptureStore.DEFAULT_FREE_TEXT_BYTES_PER_DAY);
    }

    /** @param freeTextBytesPerDay free text (messages, custom answers) one lead stores per UTC day; beyond, none */
    public LeadStore(DynamoDbClient ddb, String tableName, long freeTextBytesPerDay) {
        FreeMailDomains freeMail = FreeMailDomains.bundled();
        this.table = new Table(ddb, tableName);
        this.captures = new CaptureStore(table, freeTextBytesPerDay);
        this.reads = new LeadReads(table);
        this.scores = new LeadScores(table);
        this.consents = new ConsentStore(table, freeMail);
        this.markers = new NotificationMarkers(table);
        this.scan = new LeadScan(table);
        this.profileChanges = new ProfileChanges(table, freeMail);
        this.merges = new LeadMerges(table);
        this.exports = new LeadExports(table);
        this.suppressions = new MailSuppressions(table);
        this.erasures = new LeadErasures(table);
        this.lists = new LeadLists(table);
        this.followUps = new LeadFollowUps(table);
        this.funnel = new FunnelCounters(table);
        this.decay = new LeadDecay(table);
        this.nurture = new LeadNurture(table);
        this.imports = new ImportStore(table);
    }

    /**
     * The store as every Lambda function builds it: SDK client from the environment, table from
     * TABLE_NAME, the daily free-text cap from MAX_FREE_TEXT_BYTES_PER_LEAD_DAY (default 1,000,000).
     */
    public static LeadStore fromEnvironment() {
        return new LeadStore(AwsClients.dynamoDb(), Env.required("TABLE_NAME"), Long.parseLong(Env.optional(
                "MAX_FREE_TEXT_BYTES_PER_LEAD_DAY", Long.toString(CaptureStore.DEFAULT_FREE_TEXT_BYTES_PER_DAY))));
    }

    public String tableName() {
        return table.name;
    }

    public CaptureStore captures() {
        return captures;
    }

    public LeadReads reads() {
        return reads;
    }

    public LeadScores scores() {
        return scores;
    }

    public ConsentStore consents() {
        return consents;
    }

    public NotificationMarkers markers() {
        return markers;
    }

    public LeadScan scan() {
        return scan;
    }

    public ProfileChanges profileChanges() {
        return profileChanges;
    }

    public LeadMerges merges() {
        return merges;
    }

    public LeadExports exports() {
        return exports;
    }

    public MailSuppressions suppressions() {
        return suppressions;
    }

    public LeadErasures erasures() {
        return erasures;
    }

    public LeadLists lists() {
        return lists;
    }

    public LeadFollowUps followUps() {
        return followUps;
    }

    public FunnelCounters funnel() {
        return funnel;
    }

    public LeadDecay decay() {
        return decay;
    }

    public LeadNurture nurture() {
        return nurture;
    }

    public ImportStore imports() {
        return imports;
    }

    /**
     * One cheap read at start-up, so the first real request does not pay for the SDK's first-call
     * set-up (endpoint rules, signer, connection). Failures are ignored: requests report them.
     */
    public LeadStore primed() {
        try {
            table.ddb.getItem(r -> r.tableName(table.name).key(Map.of(PK, s("PRIME#startup"), SK, s("PRIME"))));
        } catch (RuntimeException ignored) {
            // the table may not be reachable yet; the request path answers 503 if it stays so
        }
        return this;
    }
}
