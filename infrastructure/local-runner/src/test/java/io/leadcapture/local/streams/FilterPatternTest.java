package io.leadcapture.local.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Lambda / EventBridge filter semantics on DynamoDB stream records as Lambda sees them. */
class FilterPatternTest {
    static final ObjectMapper MAPPER = new ObjectMapper();

    static final String INTERACTION_INSERTS = """
            {"eventName":["INSERT"],"dynamodb":{"NewImage":{"itemType":{"S":["interaction"]}}}}""";
    static final String LEAD_MODIFIES = """
            {"eventName":["MODIFY"],"dynamodb":{"NewImage":{"itemType":{"S":["lead"]}}}}""";

    /** A stream record in the JSON form Lambda filters on, with the images given (null: none). */
    static JsonNode record(String eventName, String newImage, String oldImage) {
        try {
            ObjectNode record = (ObjectNode) MAPPER.readTree("""
                    {"eventID": "e1", "eventName": "%s", "eventVersion": "1.1", "eventSource": "aws:dynamodb",
                     "awsRegion": "eu-central-1",
                     "dynamodb": {"ApproximateCreationDateTime": 1764230400,
                                  "Keys": {"pk": {"S": "LEAD#1"}, "sk": {"S": "PROFILE"}},
                                  "SequenceNumber": "1100000000017454423009", "SizeBytes": 120,
                                  "StreamViewType": "NEW_AND_OLD_IMAGES"},
                     "eventSourceARN": "arn:aws:dynamodb:eu-central-1:123456789012:table/leads/stream/2026-11-27T00:00:00.000"}
                    """.formatted(eventName));
            ObjectNode dynamodb = (ObjectNode) record.get("dynamodb");
            if (newImage != null) {
                dynamodb.set("NewImage", MAPPER.readTree(newImage));
            }
            if (oldImage != null) {
                dynamodb.set("OldImage", MAPPER.readTree(oldImage));
            }
            return record;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static final String LEAD = """
            {"pk": {"S": "LEAD#1"}, "sk": {"S": "PROFILE"}, "itemType": {"S": "lead"},
             "email": {"S": "Joerg.Weiss@example.de"}, "interactionCount": {"N": "3"}, "test": {"BOOL": false},
             "consent": {"M": {"status": {"S": "pending"}}}, "tags": {"SS": ["webinar", "b2b"]}, "phone": {"NULL": true}}""";
    static final String INTERACTION = """
            {"pk": {"S": "LEAD#1"}, "sk": {"S": "INTERACTION#2026#1"}, "itemType": {"S": "interaction"}}""";

    static boolean matches(String pattern, JsonNode record) {
        return FilterPattern.parse(pattern).matches(record);
    }

    @Nested
    class ProjectPatterns {
        @Test
        void interactionInsertsMatchOnlyNewInteractions() {
            assertThat(matches(INTERACTION_INSERTS, record("INSERT", INTERACTION, null))).isTrue();
            assertThat(matches(INTERACTION_INSERTS, record("MODIFY", INTERACTION, INTERACTION))).isFalse();
            assertThat(matches(INTERACTION_INSERTS, record("INSERT", LEAD, null))).isFalse();
            assertThat(matches(INTERACTION_INSERTS, record("REMOVE", null, INTERACTION))).isFalse();
        }

        @Test
        void leadModifiesMatchOnlyChangedLeads() {
            assertThat(matches(LEAD_MODIFIES, record("MODIFY", LEAD, LEAD))).isTrue();
            assertThat(matches(LEAD_MODIFIES, record("INSERT", LEAD, null))).isFalse();
            assertThat(matches(LEAD_MODIFIES, record("MODIFY", INTERACTION, INTERACTION))).isFalse();
            // a REMOVE has no NewImage: the nested field is missing, so the pattern does not match
            assertThat(matches(LEAD_MODIFIES, record("REMOVE", null, LEAD))).isFalse();
        }

        @Test
        void filtersAreOredAndFieldsAnded() {
            FilterCriteria both = FilterCriteria.of(List.of(INTERACTION_INSERTS, LEAD_MODIFIES));
            assertThat(both.matches(record("INSERT", INTERACTION, null))).isTrue();
            assertThat(both.matches(record("MODIFY", LEAD, LEAD))).isTrue();
            assertThat(both.matches(record("INSERT", LEAD, null))).isFalse();
            assertThat(both.matches(record("MODIFY", INTERACTION, INTERACTION))).isFalse();
            assertThat(FilterCriteria.of(List.of()).matches(record("REMOVE", null, LEAD))).isTrue();
            assertThat(FilterCriteria.none().isEmpty()).isTrue();
        }
    }

    @Nested
    class ExactValues {
        @Test
        void stringsMatchExactlyWithoutCaseFolding() {
            assertThat(matches("{\"eventName\":[\"INSERT\",\"MODIFY\"]}", record("MODIFY", LEAD, LEAD))).isTrue();
            assertThat(matches("{\"eventName\":[\"insert\"]}", record("INSERT", LEAD, null))).isFalse();
            assertThat(matches("{\"dynamodb\":{\"NewImage\":{\"email\":{\"S\":[\"\"]}}}}", record("INSERT", LEAD, null))).isFalse();
        }

        @Test
        void numbersMatchJsonNumbersByTheirText() {
            JsonNode r = record("INSERT", LEAD, null);
            assertThat(matches("{\"dynamodb\":{\"SizeBytes\":[120]}}", r)).isTrue();
            assertThat(matches("{\"dynamodb\":{\"SizeBytes\":[120.0]}}", r)).isFalse();
            assertThat(matches("{\"dynamodb\":{\"SizeBytes\":[\"120\"]}}", r)).isFalse();
            // DynamoDB numbers are strings in the record
            assertThat(matches("{\"dynamodb\":{\"NewImage\":{\"interactionCount\":{\"N\":[\"3\"]}}}}", r)).isTrue();
            assertThat(matches("{\"dynamodb\":{\"NewImage\":{\"interactionCount\":{\"N\":[3]}}}}", r)).isFalse();
        }

        @Test
        void booleansAndNull() {
            JsonNode r = record("INSERT", LEAD, null);
            assertThat(matches("{\"dynamodb\":{\"NewImage\":{\"test\":{\"BOOL\":[false]}}}}", r)).isTrue();
            assertThat(matches("{\"dynamodb\":{\"NewImage\":{\"test\":{\"BOOL\":[true]}}}}", r)).isFalse();
            assertThat(matches("{\"dynamodb\":{\"NewImage\":{\"test\":{\"BOOL\":[\"false\"]}}}}", r)).isFalse();
            assertThat(matches("{\"dynamodb\":{\"NewImage\":{\"phone\":{\"NULL\":[true]}}}}", r)).isTrue();
            JsonNode withNull = MAPPER.createObjectNode().putNull("userIdentity");
            assertThat(matches("{\"userIdentity\":[null]}", withNull)).isTrue();
            assertThat(matches("{\"userIdentity\":[null]}", MAPPER.createObjectNode())).isFalse();
        }

        @Test
        void anArrayInTheEventMatchesWhenAnyElementDoes() {
            JsonNode r = record("INSERT", LEAD, null);
            assertThat(matches("{\"dynamodb\":{\"NewImage\":{\"tags\":{\"SS\":[\"b2b\"]}}}}", r)).isTrue();
            assertThat(matches("{\"dynamodb\":{\"NewImage\":{\"tags\":{\"SS\":[\"b2c\"]}}}}", r)).isFalse();
        }

        @Test
        void nestedMapsAreFollowed() {
            assertThat(matches("""
                    {"dynamodb":{"NewImage":{"consent":{"M":{"status":{"S":["pending"]}}}}}}""",
                    record("INSERT", LEAD, null))).isTrue();
        }
    }

    @Nested
    class Operators {
        @Test
        void prefixAndSuffix() {
            JsonNode r = record("INSERT", LEAD, null);
            assertThat(matches("{\"dynamodb\":{\"Keys\":{\"pk\":{\"S\":[{\"prefix\":\"LEAD#\"}]}}}}", r)).isTrue();
            assertThat(matches("{\"dynamodb\":{\"Keys\":{\"pk\":{\"S\":[{\"prefix\":\"EMAIL#\"}]}}}}", r)).isFalse();
            assertThat(matches("{\"dynamodb\":{\"Keys\":{\"sk\":{\"S\":[{\"suffix\":\"FILE\"}]}}}}", r)).isTrue();
            assertThat(matches("{\"dynamodb\":{\"SizeBytes\":[{\"prefix\":\"1\"}]}}", r)).isFalse();
        }

        @Test
        void anythingBut() {
            JsonNode r = record("MODIFY", LEAD, LEAD);
            assertThat(matches("{\"eventName\":[{\"anything-but\":[\"REMOVE\"]}]}", r)).isTrue();
            assertThat(matches("{\"eventName\":[{\"anything-but\":[\"REMOVE\",\"MODIFY\"]}]}", r)).isFalse();
            assertThat(matches("{\"eventName\":[{\"anything-but\":\"MODIFY\"}]}", r)).isFalse();
            assertThat(matches("{\"dynamodb\":{\"SizeBytes\":[{\"anything-but\":[100, 200]}]}}", r)).isTrue();
            assertThat(matches("{\"dynamodb\":{\"SizeBytes\":[{\"anything-but\":[120]}]}}", r)).isFalse();
            // a missing field is not "anything but"
            assertThat(matches("{\"dynamodb\":{\"NewImage\":{\"company\":{\"S\":[{\"anything-but\":[\"x\"]}]}}}}", r)).isFalse();
        }

        @Test
        void anythingButPrefixAndSuffix() {
            JsonNode r = record("INSERT", LEAD, null);
            assertThat(matches("{\"dynamodb\":{\"Keys\":{\"pk\":{\"S\":[{\"anything-but\":{\"prefix\":\"IDEMPOTENCY#\"}}]}}}}", r)).isTrue();
            assertThat(matches("{\"dynamodb\":{\"Keys\":{\"pk\":{\"S\":[{\"anything-but\":{\"prefix\":\"LEAD#\"}}]}}}}", r)).isFalse();
            assertThat(matches("{\"dynamodb\":{\"Keys\":{\"sk\":{\"S\":[{\"anything-but\":{\"suffix\":\"FILE\"}}]}}}}", r)).isFalse();
        }

        @Test
        void existsOnlySeesLeaves() {
            JsonNode r = record("INSERT", LEAD, null);
            assertThat(matches("{\"dynamodb\":{\"NewImage\":{\"email\":{\"S\":[{\"exists\":true}]}}}}", r)).isTrue();
            assertThat(matches("{\"dynamodb\":{\"NewImage\":{\"company\":{\"S\":[{\"exists\":true}]}}}}", r)).isFalse();
            assertThat(matches("{\"dynamodb\":{\"NewImage\":{\"company\":{\"S\":[{\"exists\":false}]}}}}", r)).isTrue();
            assertThat(matches("{\"dynamodb\":{\"NewImage\":{\"email\":{\"S\":[{\"exists\":false}]}}}}", r)).isFalse();
            assertThat(matches("{\"dynamodb\":{\"OldImage\":{\"email\":{\"S\":[{\"exists\":false}]}}}}", r)).isTrue();
            // an intermediate node is no leaf (as Lambda documents for DynamoDB JSON)
            assertThat(matches("{\"dynamodb\":{\"NewImage\":{\"email\":[{\"exists\":true}]}}}", r)).isFalse();
            // the TTL-deletion identity
            JsonNode ttl = ((ObjectNode) record("REMOVE", null, LEAD).deepCopy())
                    .set("userIdentity", MAPPER.createObjectNode().put("type", "Service").put("principalId", "dynamodb.amazonaws.com"));
            String ttlPattern = """
                    {"userIdentity":{"type":["Service"],"principalId":["dynamodb.amazonaws.com"]}}""";
            assertThat(matches(ttlPattern, ttl)).isTrue();
            assertThat(matches(ttlPattern, record("REMOVE", null, LEAD))).isFalse();
            assertThat(matches("{\"userIdentity\":{\"type\":[{\"exists\":false}]}}", record("REMOVE", null, LEAD))).isTrue();
        }

        @Test
        void numericRangesAndEquality() {
            JsonNode r = record("INSERT", LEAD, null); // SizeBytes 120
            assertThat(matches("{\"dynamodb\":{\"SizeBytes\":[{\"numeric\":[\">\",0,\"<=\",120]}]}}", r)).isTrue();
            assertThat(matches("{\"dynamodb\":{\"SizeBytes\":[{\"numeric\":[\">\",0,\"<\",120]}]}}", r)).isFalse();
            assertThat(matches("{\"dynamodb\":{\"SizeBytes\":[{\"numeric\":[\">=\",120]}]}}", r)).isTrue();
            assertThat(matches("{\"dynamodb\":{\"SizeBytes\":[{\"numeric\":[\">\",120]}]}}", r)).isFalse();
            assertThat(matches("{\"dynamodb\":{\"SizeBytes\":[{\"numeric\":[\"<\",120.5]}]}}", r)).isTrue();
            assertThat(matches("{\"dynamodb\":{\"SizeBytes\":[{\"numeric\":[\"=\",120]}]}}", r)).isTrue();
            assertThat(matches("{\"dynamodb\":{\"SizeBytes\":[{\"numeric\":[\"=\",1.2e2]}]}}", r)).isTrue();
            assertThat(matches("{\"dynamodb\":{\"SizeBytes\":[{\"numeric\":[\"=\",121]}]}}", r)).isFalse();
            // DynamoDB N values are strings: numeric never matches them, as in Lambda
            assertThat(matches("{\"dynamodb\":{\"NewImage\":{\"interactionCount\":{\"N\":[{\"numeric\":[\">\",0]}]}}}}", r)).isFalse();
        }

        @Test
        void equalsIgnoreCase() {
            JsonNode r = record("INSERT", LEAD, null);
            assertThat(matches("{\"dynamodb\":{\"NewImage\":{\"email\":{\"S\":[{\"equals-ignore-case\":\"joerg.weiss@EXAMPLE.de\"}]}}}}", r)).isTrue();
            assertThat(matches("{\"dynamodb\":{\"NewImage\":{\"email\":{\"S\":[{\"equals-ignore-case\":\"joerg@example.de\"}]}}}}", r)).isFalse();
        }

        @Test
        void conditionsOfOneFieldAreOred() {
            JsonNode r = record("INSERT", LEAD, null);
            assertThat(matches("{\"dynamodb\":{\"NewImage\":{\"company\":{\"S\":[{\"exists\":false},\"ACME\"]}}}}", r)).isTrue();
            assertThat(matches("{\"eventName\":[\"REMOVE\",{\"prefix\":\"INS\"}]}", r)).isTrue();
        }

        @Test
        void everyFieldOfAPatternMustMatch() {
            JsonNode r = record("INSERT", LEAD, null);
            assertThat(matches("""
                    {"eventName": ["INSERT"],
                     "dynamodb": {"Keys": {"pk": {"S": [{"prefix": "LEAD#"}]}}, "NewImage": {"test": {"BOOL": [false]}}}}""",
                    r)).isTrue();
            assertThat(matches("""
                    {"eventName": ["INSERT"],
                     "dynamodb": {"Keys": {"pk": {"S": [{"prefix": "LEAD#"}]}}, "NewImage": {"test": {"BOOL": [true]}}}}""",
                    r)).isFalse();
        }
    }

    @Nested
    class InvalidPatterns {
        void refused(String pattern, String messagePart) {
            assertThatThrownBy(() -> FilterPattern.parse(pattern))
                    .isInstanceOf(FilterPattern.InvalidFilterPatternException.class)
                    .hasMessageContaining(messagePart);
        }

        @Test
        void malformedPatternsAreRefusedWithTheField() {
            refused("{\"eventName\":\"INSERT\"}", "eventName: match values must be in an array");
            refused("{\"eventName\":[]}", "empty array");
            refused("{}", "empty object");
            refused("[\"INSERT\"]", "must be a JSON object");
            refused("{\"eventName\":[\"INSERT\"", "not valid JSON");
            refused("", "must be a JSON object");
            refused("{\"dynamodb\":{\"NewImage\":{}}}", "dynamodb.NewImage: an empty object");
            refused("{\"eventName\":[[\"INSERT\"]]}", "nested arrays");
        }

        @Test
        void badOperatorsAreRefused() {
            refused("{\"eventName\":[{\"prefix\":1}]}", "\"prefix\" takes a string");
            refused("{\"eventName\":[{\"exists\":\"yes\"}]}", "\"exists\" takes true or false");
            refused("{\"eventName\":[{\"prefix\":\"a\",\"suffix\":\"b\"}]}", "exactly one operator");
            refused("{\"eventName\":[{\"begins-with\":\"a\"}]}", "unknown operator \"begins-with\"");
            refused("{\"eventName\":[{\"wildcard\":\"IN*\"}]}", "not supported");
            refused("{\"$or\":[{\"eventName\":[\"INSERT\"]}]}", "not supported");
            refused("{\"eventName\":[{\"anything-but\":[]}]}", "at least one value");
            refused("{\"eventName\":[{\"anything-but\":[\"a\",1]}]}", "all strings or all numbers");
            refused("{\"eventName\":[{\"anything-but\":{\"wildcard\":\"a*\"}}]}", "not supported");
        }

        @Test
        void badNumericRangesAreRefused() {
            refused("{\"x\":[{\"numeric\":[\">\"]}]}", "\"numeric\" takes");
            refused("{\"x\":[{\"numeric\":[\">\",\"5\"]}]}", "operator string followed by a number");
            refused("{\"x\":[{\"numeric\":[\"!=\",5]}]}", "unknown operator \"!=\"");
            refused("{\"x\":[{\"numeric\":[\"<\",5,\">\",1]}]}", "lower bound");
            refused("{\"x\":[{\"numeric\":[\">\",5,\"<\",1]}]}", "empty range");
            refused("{\"x\":[{\"numeric\":[\"=\",5,\"<\",9]}]}", "cannot be combined");
            refused("{\"x\":[{\"numeric\":[\">\",1,\">\",2]}]}", "lower bound");
        }

        @Test
        void criteriaNameTheFilterThatIsWrong() {
            assertThatThrownBy(() -> FilterCriteria.of(List.of(INTERACTION_INSERTS, "{\"eventName\":\"MODIFY\"}")))
                    .isInstanceOf(FilterPattern.InvalidFilterPatternException.class)
                    .hasMessageStartingWith("FilterCriteria.Filters[1].Pattern");
        }
    }
}
