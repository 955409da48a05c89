// for-in over a number is an error.
total = 0;
for (i in 5) {
    total += i;
}
