package io.distdb.server.items;

import io.distdb.server.errors.InvalidRequestException;

import java.util.Locale;

/** Result order of a query: by partition key, then sort key, both ascending or both descending. */
public enum Order {
    ASC, DESC;

    public static Order parse(String value) {
        if (value != null) {
            switch (value.toLowerCase(Locale.ROOT)) {
                case "asc": return ASC;
                case "desc": return DESC;
                default: break;
            }
        }
        throw new InvalidRequestException("order must be 'asc' or 'desc', not '" + value + "'");
    }
}
