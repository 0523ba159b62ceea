package io.leadcapture.local;

import java.util.Optional;

/**
 * Local stand-ins for the two platform APIs the webhook functions read leads from (Meta's Graph
 * API, LinkedIn's Lead Sync API), so that a posted sample webhook completes on a machine without
 * internet access. Only the local runner points META_GRAPH_URL and LINKEDIN_API_URL here; every
 * leadgen id or response id gets the same sample person, with an email derived from the id.
 */
final class PlatformStandIns {
    static final String META_PREFIX = "/_local/meta-graph/";
    static final String LINKEDIN_PREFIX = "/_local/linkedin/";

    private PlatformStandIns() {
    }

    /** The JSON body for a GET on a stand-in path, or empty when the path is not one of theirs. */
    static Optional<String> answer(String path) {
        if (path.startsWith(META_PREFIX)) {
            String id = path.substring(path.lastIndexOf('/') + 1);
            return Optional.of("""
                    {"created_time":"2026-11-27T08:59:31+0000","id":"%s","ad_id":"120212345678901234",\
                    "adset_id":"120212345678900001","campaign_id":"120212345678900000","form_id":"1029384756123456",\
                    "is_organic":false,"field_data":[\
                    {"name":"full_name","values":["Sofia M\\u00fcller"]},\
                    {"name":"email","values":["meta.%s@beispiel-kunde.de"]},\
                    {"name":"phone_number","values":["+49 89 1234567"]},\
                    {"name":"company_name","values":["Beispiel Kunde GmbH"]},\
                    {"name":"job_title","values":["Head of Marketing"]},\
                    {"name":"country","values":["DE"]}]}""".formatted(id, tail(id)));
        }
        if (path.startsWith(LINKEDIN_PREFIX + "rest/leadForms/")) {
            return Optional.of("""
                    {"id":7234246,"name":"Demo anfragen","content":{"questions":[\
                    {"questionId":107234246,"name":"firstName","predefinedField":"FIRST_NAME"},\
                    {"questionId":207234246,"name":"lastName","predefinedField":"LAST_NAME"},\
                    {"questionId":307234246,"name":"email","predefinedField":"EMAIL"},\
                    {"questionId":507234246,"name":"company","predefinedField":"COMPANY_NAME"},\
                    {"questionId":607234246,"name":"title","predefinedField":"JOB_TITLE"},\
                    {"questionId":707234246,"name":"country","predefinedField":"COUNTRY"}]}}""");
        }
        if (path.startsWith(LINKEDIN_PREFIX + "rest/leadFormResponses/")) {
            String id = java.net.URLDecoder.decode(path.substring(path.lastIndexOf('/') + 1), java.nio.charset.StandardCharsets.UTF_8);
            return Optional.of("""
                    {"owner":{"sponsoredAccount":"urn:li:sponsoredAccount:508776543"},"leadType":"SPONSORED",\
                    "leadMetadata":{"sponsoredLeadMetadata":{"campaign":"urn:li:sponsoredCampaign:245678901"}},\
                    "versionedLeadGenFormUrn":"urn:li:versionedLeadGenForm:(urn:li:leadGenForm:7234246,1)",\
                    "id":"%s","submittedAt":1795771512000,"testLead":false,\
                    "formResponse":{"answers":[\
                    {"answerDetails":{"textQuestionAnswer":{"answer":"Jos\\u00e9"}},"questionId":107234246},\
                    {"answerDetails":{"textQuestionAnswer":{"answer":"Garc\\u00eda"}},"questionId":207234246},\
                    {"answerDetails":{"textQuestionAnswer":{"answer":"linkedin.%s@beispiel-bau.de"}},"questionId":307234246},\
                    {"answerDetails":{"textQuestionAnswer":{"answer":"Beispiel Bau AG"}},"questionId":507234246},\
                    {"answerDetails":{"textQuestionAnswer":{"answer":"Leiter Einkauf"}},"questionId":607234246},\
                    {"answerDetails":{"textQuestionAnswer":{"answer":"Austria"}},"questionId":707234246}]}}"""
                    .formatted(id, tail(id)));
        }
        return Optional.empty();
    }

    private static String tail(String id) {
        String clean = id.replaceAll("[^A-Za-z0-9]", "");
        return clean.substring(Math.max(0, clean.length() - 8)).toLowerCase(java.util.Locale.ROOT);
    }
}
