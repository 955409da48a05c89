// Unknown names are found at compile time even in functions that never run.
print("never printed");
function never() {
    return undefinedThing + 1;
}
