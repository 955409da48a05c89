// Quicksort with recursion, slices and arrow filters.
function quicksort(items) {
    if (len(items) <= 1) {
        return items;
    }
    pivot = items[0];
    rest = items[1:];
    smaller = [];
    larger = [];
    for (x in rest) {
        if (x < pivot) {
            smaller.append(x);
        } else {
            larger.append(x);
        }
    }
    return quicksort(smaller) + [pivot] + quicksort(larger);
}
print(quicksort([5, 3, 8, 1, 9, 2, 7]));
print(quicksort([]), quicksort(["b", "a"]));
