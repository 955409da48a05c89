// attack: replace("") inserts the replacement between every character: 10**4 chars x 1 MB
// must: a limit error before the string is built
// expect: limit
// isolate: yes
text = "a" * 10000;
big = text.replace("", "b" * 1000000);
print("PWNED", big.length);
