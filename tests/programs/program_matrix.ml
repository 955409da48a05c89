// Nested arrays: transpose and multiply.
function transpose(m) {
    result = [];
    for (j in range(len(m[0]))) {
        row = [];
        for (i in range(len(m))) {
            row.append(m[i][j]);
        }
        result.append(row);
    }
    return result;
}
function dot(u, v) {
    total = 0;
    for (pair in zip(u, v)) {
        total += pair[0] * pair[1];
    }
    return total;
}
function multiply(a, b) {
    bt = transpose(b);
    return [[dot(a[0], bt[0]), dot(a[0], bt[1])], [dot(a[1], bt[0]), dot(a[1], bt[1])]];
}
print(transpose([[1, 2, 3], [4, 5, 6]]));
print(multiply([[1, 2], [3, 4]], [[5, 6], [7, 8]]));
