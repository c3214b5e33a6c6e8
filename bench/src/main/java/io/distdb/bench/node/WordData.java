package io.distdb.bench.node;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The words of the search benchmark and the searches run on them, each with the answer the node must give:
 * {@code count} distinct random lowercase words of 3 to 12 letters (seeded), loaded in a shuffled order; short
 * prefixes are every 1- and 2-letter prefix (a query picks the length first, then the letters, uniformly); long
 * prefixes are the first 5 or 6 letters of random words of at least that length, so each finds at least one
 * word.
 */
final class WordData {

    /** One search: the request path and the exact JSON the node must answer with. */
    record Query(String path, byte[] expected, int results) {
    }

    private final String[] sorted;
    private final String[] loadOrder;
    private final Query[] oneLetter;
    private final Query[] twoLetters;
    private final Query[] longPrefixes;

    WordData(int count, int limit, int longQueries, long seed) {
        if (count > 20_000_000) {
            throw new IllegalArgumentException("--words is at most 20,000,000: " + count);
        }
        SplittableRandom random = new SplittableRandom(seed);
        Set<String> seen = new HashSet<>(count * 2);
        List<String> order = new ArrayList<>(count);
        char[] letters = new char[12];
        while (order.size() < count) {
            int length = 3 + random.nextInt(10);
            for (int i = 0; i < length; i++) {
                letters[i] = (char) ('a' + random.nextInt(26));
            }
            String word = new String(letters, 0, length);
            if (seen.add(word)) {
                order.add(word);
            }
        }
        loadOrder = order.toArray(new String[0]);
        sorted = loadOrder.clone();
        Arrays.sort(sorted); // lowercase ASCII: String order is the node's byte order
        oneLetter = new Query[26];
        twoLetters = new Query[26 * 26];
        for (char a = 'a'; a <= 'z'; a++) {
            oneLetter[a - 'a'] = query(String.valueOf(a), limit);
            for (char b = 'a'; b <= 'z'; b++) {
                twoLetters[(a - 'a') * 26 + (b - 'a')] = query("" + a + b, limit);
            }
        }
        longPrefixes = new Query[longQueries];
        for (int q = 0; q < longQueries; q++) {
            String word;
            do {
                word = loadOrder[random.nextInt(loadOrder.length)];
            } while (word.length() < 5);
            int length = Math.min(word.length(), 5 + random.nextInt(2));
            longPrefixes[q] = query(word.substring(0, length), limit);
        }
    }

    int count() {
        return loadOrder.length;
    }

    /** The {@code i}-th word to load (a shuffled order). */
    String word(long i) {
        return loadOrder[(int) i];
    }

    Query shortQuery(SplittableRandom random) {
        return random.nextBoolean() ? oneLetter[random.nextInt(oneLetter.length)]
                : twoLetters[random.nextInt(twoLetters.length)];
    }

    Query longQuery(SplittableRandom random) {
        return longPrefixes[random.nextInt(longPrefixes.length)];
    }

    /** Mean number of words a query of this kind returns (short: 1 and 2 letters weighted equally, as queried). */
    double meanResults(boolean shortPrefixes) {
        if (shortPrefixes) {
            return (mean(oneLetter) + mean(twoLetters)) / 2;
        }
        return mean(longPrefixes);
    }

    private static double mean(Query[] pool) {
        long total = 0;
        for (Query q : pool) {
            total += q.results();
        }
        return (double) total / pool.length;
    }

    private Query query(String prefix, int limit) {
        StringBuilder json = new StringBuilder("{\"results\":[");
        List<String> found = matches(prefix, limit);
        for (int i = 0; i < found.size(); i++) {
            json.append(i == 0 ? "\"" : ",\"").append(found.get(i)).append('"');
        }
        json.append("]}");
        return new Query("/search?q=" + prefix + "&limit=" + limit, json.toString().getBytes(StandardCharsets.UTF_8),
                found.size());
    }

    /** The first {@code limit} words that begin with {@code prefix}, ascending. */
    List<String> matches(String prefix, int limit) {
        int at = Arrays.binarySearch(sorted, prefix);
        if (at < 0) {
            at = -at - 1;
        }
        List<String> found = new ArrayList<>();
        for (int i = at; i < sorted.length && found.size() < limit && sorted[i].startsWith(prefix); i++) {
            found.add(sorted[i]);
        }
        return found;
    }
}
