package io.distdb.server.kv;

import org.junit.jupiter.api.Test;

import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Base64TextTest {

    @Test
    void whatAnEncoderWritesIsValid() {
        for (int length = 0; length < 40; length++) {
            byte[] bytes = new byte[length];
            for (int i = 0; i < length; i++) {
                bytes[i] = (byte) (i * 37 + 250);
            }
            assertTrue(Base64Text.isValid("base64", Base64.getEncoder().encodeToString(bytes)));
            assertTrue(Base64Text.isValid("base64", Base64.getEncoder().withoutPadding().encodeToString(bytes)));
            assertTrue(Base64Text.isValid("base64", Base64.getMimeEncoder(8, "\r\n".getBytes()).encodeToString(bytes)));
            assertTrue(Base64Text.isValid("base64url", Base64.getUrlEncoder().encodeToString(bytes)));
        }
    }

    @Test
    void otherTextIsNot() {
        assertFalse(Base64Text.isValid("base64", "not base64!"));
        assertFalse(Base64Text.isValid("base64", "aGVsbG8=x"));   // data after the padding
        assertFalse(Base64Text.isValid("base64", "aGVsb"));       // a length no encoder writes
        assertFalse(Base64Text.isValid("base64", "aGVsbG8==="));  // three padding characters
        assertFalse(Base64Text.isValid("base64", "aGVsbA="));     // padding that does not complete a group
        assertFalse(Base64Text.isValid("base64", "a-_b"));        // the URL-safe alphabet
        assertFalse(Base64Text.isValid("base64url", "a+/b"));
    }

    @Test
    void onlyTheBase64EncodingsAreChecked() {
        assertTrue(Base64Text.declares(" BASE64 "));
        assertTrue(Base64Text.declares("base64url"));
        assertFalse(Base64Text.declares("utf-8"));
        assertFalse(Base64Text.declares("{*some_encodings}"));
    }
}
