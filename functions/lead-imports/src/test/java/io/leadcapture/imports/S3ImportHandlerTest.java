package io.leadcapture.imports;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification;
import io.leadcapture.application.imports.ImportBasis;
import io.leadcapture.application.imports.ImportBatch;
import io.leadcapture.application.imports.ImportFile;
import io.leadcapture.application.imports.ImportLeads;
import io.leadcapture.application.imports.ImportReport;
import io.leadcapture.application.imports.ImportSpec;
import io.leadcapture.application.imports.ImportStatus;
import io.leadcapture.core.FormCatalog;
import io.leadcapture.core.FreeMailDomains;
import io.leadcapture.core.InteractionType;
import io.leadcapture.local.aws.LocalAws;
import io.leadcapture.local.aws.LocalContext;
import io.leadcapture.local.aws.MotoServer;
import io.leadcapture.local.aws.MovableClock;
import io.leadcapture.runtime.UseCases;
import io.leadcapture.runtime.store.LeadStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The import bucket route against moto (DynamoDB and S3): a list larger than one invocation's time
 * runs in batches, carries on through the in-place copy (the ObjectCreated event again) and completes
 * without recording a row twice.
 */
class S3ImportHandlerTest {
    static final DynamoDbClient DDB = LocalAws.dynamoDb(MotoServer.endpoint());
    static final S3Client S3 = s3();
    static final Instant T0 = Instant.parse("2026-12-01T06:00:00Z");

    String table;
    String bucket;
    LeadStore store;
    MovableClock clock;

    static S3Client s3() {
        return S3Client.builder().endpointOverride(MotoServer.endpoint()).region(LocalAws.REGION)
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    @BeforeEach
    void fresh() {
        table = LocalAws.freshLeadsTable(DDB);
        store = new LeadStore(DDB, table);
        clock = new MovableClock(T0);
        bucket = "imports-" + UUID.randomUUID().toString().substring(0, 8);
        S3.createBucket(b -> b.bucket(bucket).createBucketConfiguration(c -> c.locationConstraint("eu-central-1")));
    }

    static S3Event created(String bucket, String key) {
        S3EventNotification.S3EventNotificationRecord record = new S3EventNotification.S3EventNotificationRecord(
                "eu-central-1", "ObjectCreated:Put", "aws:s3", "2026-12-01T06:00:00.000Z", "2.1", null, null,
                new S3EventNotification.S3Entity("import", new S3EventNotification.S3BucketEntity(bucket, null,
                        "arn:aws:s3:::" + bucket), new S3EventNotification.S3ObjectEntity(key, 1L, "etag", null, null),
                        "1.0"), null);
        return new S3Event(List.of(record));
    }

    static String list(int rows) {
        StringBuilder csv = new StringBuilder("vorname;nachname;firma;e-mail;telefon\n");
        for (int i = 1; i <= rows; i++) {
            csv.append("Kontakt").append(i).append(";Zielkunde;Zielfirma ").append(i).append(" GmbH;kontakt").append(i)
                    .append("@zielfirma-").append(i).append(".de;+49 30 ").append(1_000_000 + i).append('\n');
        }
        return csv.toString();
    }

    @Test
    void aListLongerThanOneInvocationCarriesOnFromItsCheckpoint() {
        String key = "imports/outbound_import/legitimate_interest/zielkunden-2027/liste%20q1.csv";
        String objectKey = "imports/outbound_import/legitimate_interest/zielkunden-2027/liste q1.csv";
        byte[] body = list(250).getBytes(StandardCharsets.UTF_8);
        S3.putObject(p -> p.bucket(bucket).key(objectKey), RequestBody.fromBytes(body));
        // each batch of 100 rows "takes" 8 minutes: a 15-minute invocation stops after two of them
        ImportLeads imports = UseCases.importLeads(store, FormCatalog.bundled(), "DE", clock, 100);
        List<Integer> continuations = new ArrayList<>();
        S3ImportHandler.Continuation copy = S3ImportHandler.copyInPlace(S3);
        ImportLeads slow = new ImportLeads(new SlowStore(store.imports(), clock, Duration.ofMinutes(8)),
                UseCases.captureLead(store, FreeMailDomains.bundled(), clock), UseCases.eraseLead(store, clock),
                FormCatalog.bundled().defaultAliases(), "DE", clock, 100);
        S3ImportHandler handler = new S3ImportHandler(slow, S3, (b, k, processed) -> {
            continuations.add(processed);
            copy.carryOn(b, k, processed);
        }, clock);

        handler.handleRequest(created(bucket, key), new LocalContext("ImportBucketFunction", 900));

        String importId = ImportFile.importId(new ImportSpec("zielkunden-2027", InteractionType.OUTBOUND_IMPORT,
                ImportBasis.LEGITIMATE_INTEREST), io.leadcapture.application.IdempotencyKey.sha256Hex(body));
        ImportReport first = imports.report(importId).orElseThrow();
        assertThat(first.status()).isEqualTo(ImportStatus.RUNNING);
        assertThat(first.processed()).isEqualTo(200);
        assertThat(continuations).containsExactly(200);
        assertThat(S3.headObject(h -> h.bucket(bucket).key(objectKey)).metadata())
                .containsEntry("import-continued-at-row", "200");

        // the copy raised the event again; so does a redelivery of the first one: the same import
        handler.handleRequest(created(bucket, key), new LocalContext("ImportBucketFunction", 900));
        handler.handleRequest(created(bucket, key), new LocalContext("ImportBucketFunction", 900));

        ImportReport done = imports.report(importId).orElseThrow();
        assertThat(done.status()).isEqualTo(ImportStatus.COMPLETED);
        assertThat(done.processed()).isEqualTo(250);
        assertThat(done.created()).isEqualTo(250);
        assertThat(done.rejectedCount()).isZero();
        assertThat(continuations).containsExactly(200);
        long interactions = DDB.scanPaginator(r -> r.tableName(table)).items().stream()
                .filter(i -> i.containsKey("itemType") && i.get("itemType").s().equals("interaction")).count();
        assertThat(interactions).isEqualTo(250);
    }

    @Test
    void anObjectOutsideTheLayoutIsNotImported() {
        assertThat(S3ImportHandler.specOf("imports/outbound_import/legitimate_interest/zielkunden/a.csv")).isPresent();
        assertThat(S3ImportHandler.specOf("imports/contact_form/legitimate_interest/zielkunden/a.csv")).isEmpty();
        assertThat(S3ImportHandler.specOf("imports/outbound_import/maybe/zielkunden/a.csv")).isEmpty();
        assertThat(S3ImportHandler.specOf("imports/outbound_import/consent/Ziel Kunden/a.csv")).isEmpty();
        assertThat(S3ImportHandler.specOf("other/outbound_import/consent/zielkunden/a.csv")).isEmpty();
    }

    /** The import store on a clock that moves on with each committed batch: time passing while rows are captured. */
    static final class SlowStore extends ImportHandlerTest.DelegatingStore {
        private final MovableClock clock;
        private final Duration perBatch;

        SlowStore(io.leadcapture.application.imports.ImportStorePort store, MovableClock clock, Duration perBatch) {
            super(store);
            this.clock = clock;
            this.perBatch = perBatch;
        }

        @Override
        public boolean commitBatch(ImportBatch batch) {
            boolean committed = super.commitBatch(batch);
            clock.advance(perBatch);
            return committed;
        }
    }
}
