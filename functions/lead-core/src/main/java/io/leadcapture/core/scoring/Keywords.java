package io.leadcapture.core.scoring;

import io.leadcapture.core.Text;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds keywords in free text, case-insensitively and on word boundaries: "Head of" matches
 * "Head of Sales", "IT" matches "IT-Dienstleistungen", but "Manager" does not match
 * "Projektmanager" and "Leiter" does not match "Teamleiter". German compounds are therefore listed
 * as keywords of their own; a substring rule would score "Projektmanagerin" and "Bauleiter" by
 * accident, and explicit lists are easier to review than accidental hits.
 */
final class Keywords {
    /** One hit of one keyword of one group, as a span of the text. */
    record Hit(int group, int start, int end) {
        boolean strictlyInside(Hit other) {
            return other.start <= start && end <= other.end && other.end - other.start > end - start;
        }
    }

    private final List<List<Pattern>> groups;

    Keywords(List<List<String>> keywordGroups) {
        this.groups = keywordGroups.stream().map(g -> g.stream().map(Keywords::compile).toList()).toList();
    }

    private static Pattern compile(String keyword) {
        String[] words = Text.nfc(keyword).strip().split("\\s+");
        StringBuilder regex = new StringBuilder("(?<![\\p{L}\\p{N}])");
        for (int i = 0; i < words.length; i++) {
            regex.append(i == 0 ? "" : "\\s+").append(Pattern.quote(words[i]));
        }
        regex.append("(?![\\p{L}\\p{N}])");
        return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    }

    /**
     * Every keyword hit, minus hits lying inside a longer hit: in "Vice President" the keyword
     * "President" is part of "Vice President" and does not count on its own.
     */
    List<Hit> find(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        String s = Text.nfc(text);
        List<Hit> all = new ArrayList<>();
        for (int g = 0; g < groups.size(); g++) {
            for (Pattern p : groups.get(g)) {
                Matcher m = p.matcher(s);
                while (m.find()) {
                    all.add(new Hit(g, m.start(), m.end()));
                }
            }
        }
        return all.stream().filter(h -> all.stream().noneMatch(h::strictlyInside)).toList();
    }
}
