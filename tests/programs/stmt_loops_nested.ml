// break and continue affect only the innermost loop.
for (i in range(3)) {
    for (j in range(3)) {
        if (j == 1) {
            continue;
        }
        if (j > i) {
            break;
        }
        print(i, j);
    }
}
n = 0;
while (true) {
    n += 1;
    k = 0;
    while (k < 10) {
        k += 1;
        if (k == 2) {
            break;
        }
    }
    if (n == 3) {
        break;
    }
}
print(n, k);
