// attack: a loop that catches every error and restarts the busy work
// must: TimeoutError ends the program
// expect: limit
// limits: timeout=1 max_steps=1000000000
n = 0;
while (true) {
    try { while (true) { n = n + 1; } } except (e) { print("PWNED"); }
}
