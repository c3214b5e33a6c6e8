package io.distdb.server.items;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Iterator;
import java.util.Map;

/** JSON merge patch (RFC 7396) applied in place to an object. */
final class MergePatch {

    private MergePatch() {
    }

    static void apply(ObjectNode target, ObjectNode patch) {
        Iterator<Map.Entry<String, JsonNode>> fields = patch.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode change = field.getValue();
            if (change.isNull()) {
                target.remove(field.getKey());
            } else if (change.isObject() && target.get(field.getKey()) instanceof ObjectNode existing) {
                apply(existing, (ObjectNode) change);
            } else if (change.isObject()) {
                ObjectNode fresh = target.putObject(field.getKey());
                apply(fresh, (ObjectNode) change);
            } else {
                target.set(field.getKey(), change);
            }
        }
    }
}
