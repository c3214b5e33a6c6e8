package io.distdb.pgwire.auth;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Fuzzes the server side of SCRAM-SHA-256 with client messages that do not know the password: the only
 * outcome allowed is {@link ScramSha256.Failure} (never another exception), and the exchange never succeeds.
 *
 * <p>Input layout: byte 0 flags (bit 0: wrap the client-first part as {@code n,,n=,r=<part>}; bit 1: wrap the
 * client-final part as {@code c=biws,r=<the server's nonce>,p=<part>}, so the fuzzer reaches the proof
 * check; bit 2: skip the client-first message), then the client-first part, a 0 byte, the client-final part.
 * Seeds are in {@code ScramSha256FuzzTestInputs/exchange}.
 */
class ScramSha256FuzzTest {

    private static final ScramSha256 SCRAM = new ScramSha256("pencil");

    @FuzzTest(maxDuration = "20s")
    void exchange(byte[] input) {
        if (input.length < 1) {
            return;
        }
        int flags = input[0];
        byte[] rest = Arrays.copyOfRange(input, 1, input.length);
        int zero = 0;
        while (zero < rest.length && rest[zero] != 0) {
            zero++;
        }
        byte[] firstPart = Arrays.copyOfRange(rest, 0, zero);
        byte[] finalPart = zero < rest.length ? Arrays.copyOfRange(rest, zero + 1, rest.length) : new byte[0];

        ScramSha256.Exchange exchange = SCRAM.begin();
        String serverNonce = "";
        if ((flags & 4) == 0) {
            byte[] clientFirst = (flags & 1) != 0 ? concat("n,,n=,r=", firstPart) : firstPart;
            try {
                String serverFirst = new String(exchange.first(clientFirst), StandardCharsets.UTF_8);
                assertNotNull(serverFirst);
                serverNonce = serverFirst.substring(2, serverFirst.indexOf(",s="));
            } catch (ScramSha256.Failure f) {
                assertFalse(f.wrongPassword(), "a malformed client-first message is not a wrong password");
            }
        }
        byte[] clientFinal = (flags & 2) != 0 ? concat("c=biws,r=" + serverNonce + ",p=", finalPart) : finalPart;
        try {
            exchange.last(clientFinal);
            fail("authenticated without the password: " + new String(clientFinal, StandardCharsets.UTF_8));
        } catch (ScramSha256.Failure expected) {
            assertNotNull(expected.getMessage());
        }
    }

    private static byte[] concat(String prefix, byte[] part) {
        byte[] p = prefix.getBytes(StandardCharsets.UTF_8);
        byte[] out = Arrays.copyOf(p, p.length + part.length);
        System.arraycopy(part, 0, out, p.length, part.length);
        return out;
    }
}
