// attack: join a small array of 1 MB strings into a 1 GB string (no '*' on the result)
// must: a limit error before the string is built
// expect: limit
// isolate: yes
part = "a" * 1000000;
parts = [part] * 1000;
whole = "".join(parts);
print("PWNED", whole.length);
