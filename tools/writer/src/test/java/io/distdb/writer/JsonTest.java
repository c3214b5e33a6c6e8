package io.distdb.writer;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class JsonTest {

    @Test
    void quotedTextParsesBackUnchanged() {
        String text = "a \"quoted\" back\\slash,\ttab, new\nline, \u0001 and ü";
        assertEquals(text, Json.parseObject("{\"value\":" + Json.quote(text) + "}").get("value"));
    }

    @Test
    void readsTheNodesEntry() {
        Map<String, Object> entry = Json.parseObject(
                " {\"key\":\"6b2d31\", \"content_type\":\"text/plain\",\"encoding\":\"utf-8\",\"value\":\"v-k-1\","
                        + "\"extra\":[1, 2.5, true, null, {}]} ");
        assertEquals("v-k-1", entry.get("value"));
        assertEquals(List.of(1L, 2.5, true, Map.of()), ((List<?>) entry.get("extra")).stream()
                .filter(java.util.Objects::nonNull).toList());
    }

    @Test
    void rejectsWhatIsNotAnObject() {
        assertThrows(IllegalArgumentException.class, () -> Json.parseObject("[1]"));
        assertThrows(IllegalArgumentException.class, () -> Json.parseObject("{\"a\":\"unterminated}"));
        assertThrows(IllegalArgumentException.class, () -> Json.parseObject("{\"a\":1} trailing"));
    }
}
