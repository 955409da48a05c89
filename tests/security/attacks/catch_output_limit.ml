// attack: catch the output limit error and print more
// must: LimitError
// expect: limit
// limits: max_output=1000
try {
    while (true) { print("xxxxxxxxxx"); }
} except (e) {
    print("PWNED");
}
