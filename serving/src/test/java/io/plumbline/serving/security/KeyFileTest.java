package io.plumbline.serving.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HexFormat;
import java.util.List;
import javax.security.auth.x500.X500Principal;
import org.junit.jupiter.api.Test;

class KeyFileTest {
    static final String KEY = "plk_test-key-1";
    static final String HASH = KeyFile.HASH_PREFIX + HexFormat.of().formatHex(KeyRing.sha256(KEY));

    static KeyRing parse(String text) {
        return KeyFile.parse(text, null, System::nanoTime);
    }

    @Test
    void keysAndSubjects_areFoundWithTheirScopes() {
        KeyRing ring = parse("keys:\n"
                + "  - name: app\n    hash: " + HASH + "\n    scopes: [infer:weather, read]\n    rate: 5/s\n"
                + "  - name: client-a\n    subject: \"CN=client-a,O=Example\"\n    scopes: [infer:fraud-*]\n");
        Identity app = ring.byKey(KEY);
        assertEquals("app", app.name());
        assertEquals("infer:weather, read", app.scopeList());
        assertEquals("5/s", app.rate().toString());
        assertNull(ring.byKey(KEY + "x"));
        // X.500 names compare in canonical form: case and spacing do not matter.
        assertEquals("client-a", ring.bySubject(new X500Principal("cn=Client-A, o=example")).name());
        assertNull(ring.bySubject(new X500Principal("CN=client-b,O=Example")));
    }

    @Test
    void aReload_keepsTheBucketOfAKeyWhoseRateDidNotChange() {
        String text = "keys:\n  - name: app\n    hash: " + HASH + "\n    scopes: [infer]\n    rate: 1/h\n";
        KeyRing first = parse(text);
        KeyRing second = KeyFile.parse(text + "  - name: other\n    subject: CN=x\n    scopes: [read]\n", first,
                System::nanoTime);
        assertSame(first.byKey(KEY).rate(), second.byKey(KEY).rate());
        KeyRing changed = KeyFile.parse(text.replace("1/h", "2/h"), first, System::nanoTime);
        assertEquals("2/h", changed.byKey(KEY).rate().toString());
    }

    @Test
    void mistakes_areOneLineNamingTheEntryAndField() {
        String head = "keys:\n  - name: app\n";
        List<String[]> cases = List.of(
                new String[] {head + "    hash: " + HASH + "\n    scope: [read]\n",
                    "entry 1 ('app'): unknown field 'scope' (fields: name, hash or subject, scopes, rate)"},
                new String[] {head + "    hash: " + HASH + "\n",
                    "entry 1 ('app'): 'scopes' is missing (a list such as [infer:weather, read])"},
                new String[] {head + "    scopes: [read]\n",
                    "entry 1 ('app'): give either 'hash' (of a key) or 'subject' (of a client certificate), not neither"},
                new String[] {head + "    hash: " + HASH + "\n    subject: CN=a\n    scopes: [read]\n",
                    "entry 1 ('app'): give either 'hash' (of a key) or 'subject' (of a client certificate), not both"},
                new String[] {head + "    hash: sha256:abc\n    scopes: [read]\n",
                    "entry 1 ('app'): 'hash' must be sha256: and 64 hex digits (the SHA-256 of the key, as 'keys add' "
                        + "writes it)"},
                new String[] {head + "    hash: " + HASH + "\n    scopes: [infer:weather, wirte]\n",
                    "entry 1 ('app'): scope 'wirte' does not start with one of infer, read, admin, probe, metrics"},
                new String[] {head + "    hash: " + HASH + "\n    scopes: [read]\n    rate: lots\n",
                    "entry 1 ('app'): rate 'lots' is not a request rate such as 50/s, 600/m or 1000/h"},
                new String[] {head + "    subject: CN=a\n    scopes: [read]\n" + "  - name: app\n    subject: CN=b\n"
                    + "    scopes: [read]\n", "entry 2 ('app'): the name is used twice"},
                new String[] {"keys:\n  - hash: " + HASH + "\n    scopes: [read]\n", "entry 1: 'name' is missing"},
                new String[] {"keys:\n  - name: a\n    hash: [\n", "line 4: expected the node content, but found '<stream end>'"},
                new String[] {"key:\n  - name: a\n", "the file must hold one field, 'keys', a list of entries"},
                new String[] {" \n", "the file is empty (a file without keys says 'keys: []')"});
        for (String[] c : cases) {
            assertEquals(c[1], assertThrows(IllegalArgumentException.class, () -> parse(c[0])).getMessage(), c[0]);
        }
        assertEquals(0, parse("keys: []\n").size());
    }
}
