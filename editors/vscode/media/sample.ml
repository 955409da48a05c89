// Word statistics. The capability block requests read access to data/.
import json;
import regex as re;

capability Reports {
    resource "data/*.txt";
    allow read "data/*.txt";
}

/* Split text into lowercase words (unknown escapes such as \w are kept). */
function words(text: string) {
    return re.findall("\w+", text.lower());
}

function stats(text) {
    counts = {};
    for (w in words(text)) {
        seen = hasattr(counts, w);
        counts[w] = (seen ? counts[w] : 0) + 1;
    }
    total = sum(values(counts));
    half = total // 2;  // floor division, then a comment
    return {total: total, half: half, unique: len(keys(counts))};
}

longest = fn(items) => sorted(items, fn(s) => -s.length)[0];

try {
    report = stats("the cat and the hat\tsat");
    print(json.stringify(report), longest(["a", "tiny", "cat"]));
} except (e: ValueError) {
    print("bad input: " + e.message);
} finally {
    print(hasCapability("read") ? "granted" : "not granted");
}
