package io.leadcapture.bench;

import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification;
import io.leadcapture.application.IdempotencyKey;
import io.leadcapture.application.imports.ImportBasis;
import io.leadcapture.application.imports.ImportFile;
import io.leadcapture.application.imports.ImportLeads;
import io.leadcapture.application.imports.ImportReport;
import io.leadcapture.application.imports.ImportSpec;
import io.leadcapture.core.FormCatalog;
import io.leadcapture.core.InteractionType;
import io.leadcapture.imports.S3ImportHandler;
import io.leadcapture.local.aws.LocalAws;
import io.leadcapture.local.aws.LocalContext;
import io.leadcapture.local.aws.LocalTables;
import io.leadcapture.local.aws.SamTemplate;
import io.leadcapture.runtime.UseCases;
import io.leadcapture.runtime.store.LeadStore;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A list of N rows through the import bucket route (docs/benchmarks.md#import-of-10000-rows): the
 * list is put into the emulator's S3, {@link S3ImportHandler} is invoked with the ObjectCreated event
 * and a 15-minute context, as Lambda would, and again for every continuation it raises, until the
 * import completes. Prints the wall time, invocations, batches and rows per second.
 * Usage: ImportBenchmark EMULATOR_URL [ROWS]
 */
public final class ImportBenchmark {
    private ImportBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        URI endpoint = URI.create(args[0]);
        int rows = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        try (DynamoDbClient ddb = LocalAws.dynamoDb(endpoint);
             S3Client s3 = S3Client.builder().endpointOverride(endpoint).region(LocalAws.REGION).forcePathStyle(true)
                     .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                     .httpClient(UrlConnectionHttpClient.create()).build()) {
            String table = "bench-imports-" + Long.toHexString(System.nanoTime());
            LocalTables.create(ddb, SamTemplate.bundled().tables().stream()
                    .filter(t -> t.logicalId().equals("LeadsTable")).findFirst().orElseThrow(), table);
            String bucket = "bench-imports-" + Long.toHexString(System.nanoTime());
            s3.createBucket(b -> b.bucket(bucket).createBucketConfiguration(c -> c.locationConstraint("eu-central-1")));
            StringBuilder csv = new StringBuilder("Vorname;Nachname;Firma;E-Mail;Telefon;Position;Land\n");
            for (int i = 1; i <= rows; i++) {
                csv.append("Kontakt").append(i).append(";Größmann;Zielfirma ").append(i % 997).append(" GmbH;kontakt")
                        .append(i).append("@zielfirma-").append(i % 997).append(".de;+49 30 ").append(10_000_000 + i)
                        .append(";Einkauf;DE\n");
            }
            byte[] body = csv.toString().getBytes(StandardCharsets.UTF_8);
            String key = "imports/outbound_import/legitimate_interest/zielkunden-bench/liste.csv";
            s3.putObject(p -> p.bucket(bucket).key(key), RequestBody.fromBytes(body));

            LeadStore store = new LeadStore(ddb, table);
            ImportLeads imports = UseCases.importLeads(store, FormCatalog.bundled(), "DE", Clock.systemUTC(),
                    ImportLeads.DEFAULT_BATCH_ROWS);
            List<Integer> continuations = new ArrayList<>();
            S3ImportHandler.Continuation copy = S3ImportHandler.copyInPlace(s3);
            S3ImportHandler handler = new S3ImportHandler(imports, s3, (b, k, processed) -> {
                continuations.add(processed);
                copy.carryOn(b, k, processed);
            }, Clock.systemUTC());
            S3Event event = new S3Event(List.of(new S3EventNotification.S3EventNotificationRecord("eu-central-1",
                    "ObjectCreated:Put", "aws:s3", "2026-12-02T06:00:00.000Z", "2.1", null, null,
                    new S3EventNotification.S3Entity("import", new S3EventNotification.S3BucketEntity(bucket, null,
                            "arn:aws:s3:::" + bucket), new S3EventNotification.S3ObjectEntity(key, (long) body.length,
                            "etag", null, null), "1.0"), null)));
            String importId = ImportFile.importId(new ImportSpec("zielkunden-bench", InteractionType.OUTBOUND_IMPORT,
                    ImportBasis.LEGITIMATE_INTEREST), IdempotencyKey.sha256Hex(body));

            long start = System.nanoTime();
            List<Long> invocationMillis = new ArrayList<>();
            int invocations = 0;
            ImportReport report;
            do {
                long t = System.nanoTime();
                handler.handleRequest(event, new LocalContext("ImportBucketFunction", 900));
                invocationMillis.add((System.nanoTime() - t) / 1_000_000);
                invocations++;
                report = imports.report(importId).orElseThrow();
            } while (report.processed() < report.rows() && invocations < 20);
            double seconds = (System.nanoTime() - start) / 1e9;

            System.out.printf("rows: %d (%d bytes), status %s, created %d, merged %d, unchanged %d, rejected %d%n",
                    report.rows(), body.length, report.status().wireName(), report.created(), report.merged(),
                    report.unchanged(), report.rejectedCount());
            System.out.printf("batches: %d of %d rows; invocations: %d (ms: %s); continuations at rows %s%n",
                    (report.rows() + ImportLeads.DEFAULT_BATCH_ROWS - 1) / ImportLeads.DEFAULT_BATCH_ROWS,
                    ImportLeads.DEFAULT_BATCH_ROWS, invocations, invocationMillis, continuations);
            System.out.printf("wall: %.1f s, %.1f rows/s, %.1f ms/row; within one 900 s invocation: %s%n", seconds,
                    report.rows() / seconds, seconds * 1000 / report.rows(), invocations == 1 && seconds < 840);
        }
    }
}
