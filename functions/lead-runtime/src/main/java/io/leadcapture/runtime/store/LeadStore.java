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
    private final FreeMailDomains freeMail;
    private final long freeTextBytesPerDay;
    // Each concern is built on first use: a function uses a few of them, and each class loaded costs
    // its cold start (all of them together about 15 ms and 90 classes on the form function's).
    private CaptureStore captures;
    private LeadReads reads;
    private LeadScores scores;
    private ConsentStore consents;
    private NotificationMarkers markers;
    private LeadScan scan;
    private ProfileChanges profileChanges;
    private LeadMerges merges;
    private LeadExports exports;
    private MailSuppressions suppressions;
    private LeadErasures erasures;
    private LeadLists lists;
    private LeadFollowUps followUps;
    private FunnelCounters funnel;
    private LeadDecay decay;
    private LeadNurture nurture;
    private ImportStore imports;

    public LeadStore(DynamoDbClient ddb, String tableName) {
        this(ddb, tableName, CaptureStore.DEFAULT_FREE_TEXT_BYTES_PER_DAY);
    }

    /** @param freeTextBytesPerDay free text (messages, custom answers) one lead stores per UTC day; beyond, none */
    public LeadStore(DynamoDbClient ddb, String tableName, long freeTextBytesPerDay) {
        this.table = new Table(ddb, tableName);
        this.freeMail = FreeMailDomains.bundled();
        this.freeTextBytesPerDay = freeTextBytesPerDay;
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

    public synchronized CaptureStore captures() {
        if (captures == null) {
            captures = new CaptureStore(table, freeTextBytesPerDay);
        }
        return captures;
    }

    public synchronized LeadReads reads() {
        if (reads == null) {
            reads = new LeadReads(table);
        }
        return reads;
    }

    public synchronized LeadScores scores() {
        if (scores == null) {
            scores = new LeadScores(table);
        }
        return scores;
    }

    public synchronized ConsentStore consents() {
        if (consents == null) {
            consents = new ConsentStore(table, freeMail);
        }
        return consents;
    }

    public synchronized NotificationMarkers markers() {
        if (markers == null) {
            markers = new NotificationMarkers(table);
        }
        return markers;
    }

    public synchronized LeadScan scan() {
        if (scan == null) {
            scan = new LeadScan(table);
        }
        return scan;
    }

    public synchronized ProfileChanges profileChanges() {
        if (profileChanges == null) {
            profileChanges = new ProfileChanges(table, freeMail);
        }
        return profileChanges;
    }

    public synchronized LeadMerges merges() {
        if (merges == null) {
            merges = new LeadMerges(table);
        }
        return merges;
    }

    public synchronized LeadExports exports() {
        if (exports == null) {
            exports = new LeadExports(table);
        }
        return exports;
    }

    public synchronized MailSuppressions suppressions() {
        if (suppressions == null) {
            suppressions = new MailSuppressions(table);
        }
        return suppressions;
    }

    public synchronized LeadErasures erasures() {
        if (erasures == null) {
            erasures = new LeadErasures(table);
        }
        return erasures;
    }

    public synchronized LeadLists lists() {
        if (lists == null) {
            lists = new LeadLists(table);
        }
        return lists;
    }

    public synchronized LeadFollowUps followUps() {
        if (followUps == null) {
            followUps = new LeadFollowUps(table);
        }
        return followUps;
    }

    public synchronized FunnelCounters funnel() {
        if (funnel == null) {
            funnel = new FunnelCounters(table);
        }
        return funnel;
    }

    public synchronized LeadDecay decay() {
        if (decay == null) {
            decay = new LeadDecay(table);
        }
        return decay;
    }

    public synchronized LeadNurture nurture() {
        if (nurture == null) {
            nurture = new LeadNurture(table);
        }
        return nurture;
    }

    public synchronized ImportStore imports() {
        if (imports == null) {
            imports = new ImportStore(table);
        }
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
