// Word frequencies with an object used as a map.
text = "the cat and the hat and the bat";
counts = {};
for (w in text.split(" ")) {
    if (hasattr(counts, w)) {
        counts[w] += 1;
    } else {
        counts[w] = 1;
    }
}
print(counts);
ranked = sorted(keys(counts), fn(k) => -counts[k]);
print(ranked[0], counts[ranked[0]]);
