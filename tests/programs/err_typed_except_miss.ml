// A typed except clause does not catch other error types.
try {
    x = 1 / 0;
} except (e: KeyError) {
    print("not this one");
}
