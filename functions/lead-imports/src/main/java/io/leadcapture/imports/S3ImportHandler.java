package io.leadcapture.imports;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification;
import io.leadcapture.application.imports.ImportBasis;
import io.leadcapture.application.imports.ImportFile;
import io.leadcapture.application.imports.ImportLeads;
import io.leadcapture.application.imports.ImportReport;
import io.leadcapture.application.imports.ImportRevertedException;
import io.leadcapture.application.imports.ImportSpec;
import io.leadcapture.application.imports.ImportStatus;
import io.leadcapture.core.FormCatalog;
import io.leadcapture.core.InteractionType;
import io.leadcapture.runtime.Env;
import io.leadcapture.runtime.LeadMetrics;
import io.leadcapture.runtime.UseCases;
import io.leadcapture.runtime.aws.AwsClients;
import io.leadcapture.runtime.http.ApiException;
import io.leadcapture.runtime.store.LeadStore;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.MetadataDirective;

/**
 * Imports a list uploaded to the import bucket as {@code imports/<type>/<basis>/<source>/<file>.csv}
 * (S3 ObjectCreated event; docs/forms.md#imports). Batches run until {@link #STOP_MARGIN} before the
 * function's timeout; with rows left, the object is copied onto itself with the checkpoint in its
 * metadata, which raises the event again, and the next invocation carries on from the import's
 * checkpoint. The import's id follows from the object's content, so a continuation, a redelivered
 * event or the same file uploaded again is the same import: no row is recorded twice.
 */
public class S3ImportHandler implements RequestHandler<S3Event, Void> {
    private static final Logger LOG = LoggerFactory.getLogger(S3ImportHandler.class);
    /** Time kept back from the function's remaining time: one batch and the continuation fit in it. */
    static final Duration STOP_MARGIN = Duration.ofSeconds(60);
    /** Lists larger than this are refused (the function reads a list whole; 50 MB is some 500,000 rows). */
    public static final long MAX_OBJECT_BYTES = 50L * 1024 * 1024;
    static final String PREFIX = "imports/";
    static final String CONTINUED_AT_ROW = "import-continued-at-row";

    /** How an unfinished import is carried on in a fresh invocation. */
    public interface Continuation {
        void carryOn(String bucket, String key, int processed);
    }

    private final ImportLeads imports;
    private final S3Client s3;
    private final Continuation continuation;
    private final Clock clock;
    private final LeadMetrics metrics = new LeadMetrics();

    public S3ImportHandler() {
        this(LeadStore.fromEnvironment(), s3Client(), Clock.systemUTC());
    }

    private S3ImportHandler(LeadStore store, S3Client s3, Clock clock) {
        this(UseCases.importLeads(store, FormCatalog.bundled(), Env.phoneRegion(), clock,
                ImportLeads.DEFAULT_BATCH_ROWS), s3, copyInPlace(s3), clock);
    }

    public S3ImportHandler(ImportLeads imports, S3Client s3, Continuation continuation, Clock clock) {
        this.imports = imports;
        this.s3 = s3;
        this.continuation = continuation;
        this.clock = clock;
    }

    /** The S3 client: the functions' HTTP client, region and credentials; time for a large object. */
    static S3Client s3Client() {
        return S3Client.builder().httpClient(AwsClients.httpClient()).region(AwsClients.region())
                .credentialsProvider(AwsClients.credentials())
                .overrideConfiguration(o -> o.apiCallTimeout(Duration.ofMinutes(2))).build();
    }

    /**
     * The continuation by S3 itself: copying the object onto itself (new metadata, as S3 requires for
     * an in-place copy) creates it again and so raises the ObjectCreated event that started the import.
     */
    public static Continuation copyInPlace(S3Client s3) {
        return (bucket, key, processed) -> s3.copyObject(c -> c.sourceBucket(bucket).sourceKey(key)
                .destinationBucket(bucket).destinationKey(key).metadataDirective(MetadataDirective.REPLACE)
                .metadata(Map.of(CONTINUED_AT_ROW, Integer.toString(processed))));
    }

    @Override
    public Void handleRequest(S3Event event, Context context) {
        try {
            for (S3EventNotification.S3EventNotificationRecord record : event.getRecords()) {
                String bucket = record.getS3().getBucket().getName();
                String key = URLDecoder.decode(record.getS3().getObject().getKey(), StandardCharsets.UTF_8);
                importObject(bucket, key, stopAt(context));
            }
        } finally {
            metrics.flush();
        }
        return null;
    }

    private void importObject(String bucket, String key, Instant stopAt) {
        Optional<ImportSpec> spec = specOf(key);
        if (spec.isEmpty()) {
            LOG.error("s3://{}/{} is not named imports/<outbound_import|event_contact>/<consent|legitimate_interest"
                    + "|contract>/<source>/<file>.csv; not imported", bucket, key);
            metrics.count("ImportRefused");
            return;
        }
        ResponseBytes<GetObjectResponse> object = s3.getObjectAsBytes(g -> g.bucket(bucket).key(key));
        if (object.response().contentLength() != null && object.response().contentLength() > MAX_OBJECT_BYTES) {
            LOG.error("s3://{}/{} is larger than {} bytes; not imported", bucket, key, MAX_OBJECT_BYTES);
            metrics.count("ImportRefused");
            return;
        }
        ImportFile file;
        try {
            file = ImportCsv.parse(spec.get(), object.asByteArray());
        } catch (ApiException e) {
            LOG.error("s3://{}/{}: {}", bucket, key, e.getMessage());
            metrics.count("ImportRefused");
            return;
        }
        int before = imports.report(file.importId()).map(ImportReport::processed).orElse(0);
        ImportReport report;
        try {
            report = imports.run(file, stopAt);
        } catch (ImportRevertedException e) {
            LOG.warn("s3://{}/{}: {}", bucket, key, e.getMessage());
            return;
        }
        LOG.info("import {} from s3://{}/{}: {} of {} rows, {} created, {} merged, {} unchanged, {} rejected ({})",
                report.importId(), bucket, key, report.processed(), report.rows(), report.created(), report.merged(),
                report.unchanged(), report.rejectedCount(), report.status().wireName());
        if (report.status() == ImportStatus.RUNNING && report.processed() < report.rows()) {
            if (report.processed() == before) {
                // not one batch fit into this invocation: carrying on could only loop
                LOG.error("import {} made no progress in one invocation; upload the file again to carry on",
                        report.importId());
                metrics.count("ImportStalled");
                return;
            }
            continuation.carryOn(bucket, key, report.processed());
            metrics.count("ImportContinued");
        } else {
            metrics.count("ImportCompleted");
        }
    }

    /** The spec in an object key {@code imports/<type>/<basis>/<source>/<file>}, or empty. */
    static Optional<ImportSpec> specOf(String key) {
        if (!key.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String[] parts = key.substring(PREFIX.length()).split("/");
        if (parts.length != 4 || parts[3].isBlank()) {
            return Optional.empty();
        }
        Optional<InteractionType> type = InteractionType.parse(parts[0])
                .filter(t -> t == InteractionType.OUTBOUND_IMPORT || t == InteractionType.EVENT_CONTACT);
        Optional<ImportBasis> basis = ImportBasis.parse(parts[1]);
        if (type.isEmpty() || basis.isEmpty() || !ImportSpec.SOURCE.matcher(parts[2]).matches()) {
            return Optional.empty();
        }
        return Optional.of(new ImportSpec(parts[2], type.get(), basis.get()));
    }

    private Instant stopAt(Context context) {
        Duration remaining = context == null ? Duration.ofMinutes(15) : Duration.ofMillis(context.getRemainingTimeInMillis());
        return clock.instant().plus(remaining.minus(STOP_MARGIN));
    }
}
