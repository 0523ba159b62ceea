package io.leadcapture.bench;

import io.leadcapture.core.Attribution;
import io.leadcapture.core.Consent;
import io.leadcapture.core.ConsentStatus;
import io.leadcapture.core.ContactProfile;
import io.leadcapture.core.Direction;
import io.leadcapture.core.FreeMailDomains;
import io.leadcapture.core.Interaction;
import io.leadcapture.core.InteractionType;
import io.leadcapture.core.Lead;
import io.leadcapture.core.LeadScore;
import io.leadcapture.core.Segment;
import io.leadcapture.core.Stage;
import io.leadcapture.core.scoring.LeadScorer;
import io.leadcapture.core.scoring.ScoringConfig;
import io.leadcapture.core.scoring.StageRules;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * CPU of scoring one stream record: the whole lead is scored from its profile and all its
 * interactions (never incrementally), then the stage rule is applied. I/O is not included.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
public class ScoringBenchmark {
    @Param({"4", "50"})
    int interactions;

    LeadScorer scorer;
    StageRules stages;
    Lead lead;
    Instant asOf;

    @Setup
    public void setUp() {
        ScoringConfig config = ScoringConfig.bundled();
        scorer = new LeadScorer(config, FreeMailDomains.bundled());
        stages = new StageRules(config);
        asOf = Instant.parse("2026-11-27T09:00:00Z");
        InteractionType[] journey = {InteractionType.NEWSLETTER_SIGNUP, InteractionType.WHITEPAPER_DOWNLOAD,
                InteractionType.WEBINAR_REGISTRATION, InteractionType.WEBINAR_ATTENDED, InteractionType.DEMO_REQUEST};
        List<Interaction> history = new ArrayList<>();
        for (int i = 0; i < interactions; i++) {
            Instant at = asOf.minus(Duration.ofDays(interactions - i));
            history.add(new Interaction("i-" + i, journey[i % journey.length], "web_form", Direction.INBOUND, at, "demo",
                    Map.of(), Attribution.EMPTY, new Consent(Consent.MARKETING, ConsentStatus.GRANTED, "v1", at, "form:demo", null),
                    null, Map.of(), null));
        }
        ContactProfile profile = new ContactProfile("joerg.weiss@mueller-soehne.de", "+492211234567", "Jörg", "Weiß",
                "Müller & Söhne GmbH", "Geschäftsführer", "Maschinenbau", "51-250", true, "DE", "50667", "Köln", Segment.B2B);
        lead = new Lead("lead-1", profile, history.get(0).consent(), null, null, interactions, false, asOf, asOf, 3,
                Stage.LEAD, null, List.of(), List.of(), history, null);
    }

    @Benchmark
    public Stage scoreOneRecord() {
        LeadScore score = scorer.score(lead, lead.interactions(), asOf);
        return stages.automaticStage(lead, score);
    }
}
