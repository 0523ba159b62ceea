package io.leadcapture.forms;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import io.leadcapture.core.FormFields;
import io.leadcapture.runtime.Json;
import io.leadcapture.runtime.http.ApiException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The three body formats a landing page posts: URL-encoded (a plain HTML form), multipart (a form
 * with {@code enctype="multipart/form-data"}) and JSON (fetch/XHR). All UTF-8, decoded strictly: a
 * body that is not what it claims is a 400, never a half-decoded lead.
 */
final class FormBodyParser {
    static final int MAX_FIELDS = 200;

    private FormBodyParser() {
    }

    static FormFields parse(String mediaType, String boundary, byte[] body) {
        if (mediaType == null) {
            throw new ApiException(415, "unsupported_media_type",
                    "Send application/x-www-form-urlencoded, multipart/form-data or application/json.");
        }
        return switch (mediaType) {
            case "application/x-www-form-urlencoded" -> urlEncoded(body);
            case "multipart/form-data" -> multipart(body, boundary);
            case "application/json" -> json(body);
            default -> throw new ApiException(415, "unsupported_media_type",
                    "Content type " + mediaType + " is not accepted; send application/x-www-form-urlencoded, multipart/form-data or application/json.");
        };
    }

    static FormFields urlEncoded(byte[] body) {
        FormFields fields = new FormFields();
        String text = utf8(body, "body");
        if (text.isEmpty()) {
            return fields;
        }
        int count = 0;
        for (String pair : text.split("&", -1)) {
            if (pair.isEmpty()) {
                continue;
            }
            if (++count > MAX_FIELDS) {
                throw malformed("more than " + MAX_FIELDS + " fields");
            }
            int eq = pair.indexOf('=');
            String name = percentDecode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : percentDecode(pair.substring(eq + 1));
            fields.add(name, value);
        }
        return fields;
    }

    /** Strict application/x-www-form-urlencoded decoding: '+' is a space, every % needs two hex digits, bytes are UTF-8. */
    static String percentDecode(String s) {
        if (s.indexOf('%') < 0 && s.indexOf('+') < 0) {
            return s; // nothing encoded; the body was already checked to be UTF-8
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '+') {
                out.write(' ');
            } else if (c == '%') {
                if (i + 2 >= s.length()) {
                    throw malformed("broken percent-encoding");
                }
                int hi = hex(s.charAt(i + 1));
                int lo = hex(s.charAt(i + 2));
                if (hi < 0 || lo < 0) {
                    throw malformed("broken percent-encoding");
                }
                out.write(hi << 4 | lo);
                i += 2;
            } else if (c < 0x80) {
                out.write(c);
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                if (Character.isHighSurrogate(c) && i + 1 < s.length()) {
                    b = s.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                    i++;
                }
                out.write(b, 0, b.length);
            }
        }
        return utf8(out.toByteArray(), "percent-encoded value");
    }

    /** ASCII hex digits only: Character.digit would also take full-width and Arabic-Indic digits. */
    private static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    static FormFields multipart(byte[] body, String boundary) {
        if (boundary == null || boundary.isEmpty() || boundary.length() > 200) {
            throw malformed("multipart/form-data without a boundary");
        }
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        FormFields fields = new FormFields();
        int pos = indexOf(body, delimiter, 0);
        if (pos < 0) {
            throw malformed("multipart body does not contain its boundary");
        }
        int count = 0;
        while (true) {
            int afterDelimiter = pos + delimiter.length;
            if (startsWith(body, afterDelimiter, "--")) {
                return fields; // closing delimiter
            }
            int headersStart = skipLineBreak(body, afterDelimiter);
            int headersEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), headersStart);
            if (headersStart < 0 || headersEnd < 0) {
                throw malformed("multipart part without headers");
            }
            int next = indexOf(body, ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1), headersEnd + 4);
            if (next < 0) {
                throw malformed("multipart body is not terminated by its closing boundary");
            }
            if (++count > MAX_FIELDS) {
                throw malformed("more than " + MAX_FIELDS + " parts");
            }
            String headers = utf8(Arrays.copyOfRange(body, headersStart, headersEnd), "part headers");
            String disposition = null;
            for (String line : headers.split("\r\n")) {
                if (line.toLowerCase(Locale.ROOT).startsWith("content-disposition:")) {
                    disposition = line.substring("content-disposition:".length()).strip();
                }
            }
            String name = disposition == null ? null : dispositionParam(disposition, "name");
            if (name == null) {
                throw malformed("multipart part without a field name");
            }
            // File uploads are not lead data: they are skipped, never stored.
            if (dispositionParam(disposition, "filename") == null) {
                fields.add(name, utf8(Arrays.copyOfRange(body, headersEnd + 4, next), "field " + name));
            }
            pos = next + 2;
        }
    }

    static FormFields json(byte[] body) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(body);
        } catch (StreamConstraintsException e) {
            throw malformed("JSON nested deeper than " + Json.MAX_NESTING + " levels or too large");
        } catch (JsonProcessingException e) {
            throw malformed("not valid JSON (" + e.getOriginalMessage() + ")");
        } catch (IOException e) {
            throw malformed("not valid JSON");
        }
        if (root == null || !root.isObject()) {
            throw malformed("the JSON body must be an object of field names to values");
        }
        FormFields fields = new FormFields();
        Map<String, String> wrongTypes = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            if (v.isNull()) {
                continue;
            }
            if (v.isValueNode()) {
                fields.add(e.getKey(), v.asText());
            } else if (v.isArray()) {
                for (JsonNode item : v) {
                    if (!item.isValueNode() || item.isNull()) {
                        wrongTypes.put(e.getKey(), "must be a string, number, boolean or a list of them");
                        break;
                    }
                    fields.add(e.getKey(), item.asText());
                }
            } else {
                wrongTypes.put(e.getKey(), "must be a string, number, boolean or a list of them");
            }
        }
        if (!wrongTypes.isEmpty()) {
            throw new ApiException(400, "malformed_body", "Some JSON values have the wrong type.", wrongTypes);
        }
        if (fields.size() > MAX_FIELDS) {
            throw malformed("more than " + MAX_FIELDS + " fields");
        }
        return fields;
    }

    private static String dispositionParam(String disposition, String param) {
        for (String part : disposition.split(";")) {
            int eq = part.indexOf('=');
            if (eq > 0 && part.substring(0, eq).strip().equalsIgnoreCase(param)) {
                String v = part.substring(eq + 1).strip();
                if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
                    v = v.substring(1, v.length() - 1);
                }
                return v.replace("%22", "\"");
            }
        }
        return null;
    }

    private static String utf8(byte[] bytes, String what) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw malformed(what + " is not valid UTF-8");
        }
    }

    private static int skipLineBreak(byte[] b, int i) {
        if (startsWith(b, i, "\r\n")) {
            return i + 2;
        }
        return -1;
    }

    private static boolean startsWith(byte[] b, int i, String s) {
        if (i < 0 || i + s.length() > b.length) {
            return false;
        }
        for (int k = 0; k < s.length(); k++) {
            if (b[i + k] != (byte) s.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        if (from < 0) {
            return -1;
        }
        outer:
        for (int i = from; i <= haystack.length - needle.length; i++) {
            for (int k = 0; k < needle.length; k++) {
                if (haystack[i + k] != needle[k]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static ApiException malformed(String detail) {
        return new ApiException(400, "malformed_body", "The body could not be read: " + detail + ".");
    }
}
