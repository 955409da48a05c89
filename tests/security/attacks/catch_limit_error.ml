// attack: catch the step limit with try/except and keep running
// must: LimitError, no except/finally
// expect: limit
// limits: max_steps=10000
try {
    while (true) { }
} except (e) {
    print("PWNED");
} finally {
    print("PWNED");
}
