// attack: split a 50 MB string of separators into 5*10**7 array items (about 400 MB of pointers)
// must: a limit error before the array is built
// expect: limit
// isolate: yes
commas = "," * 50000000;
items = commas.split(",");
print("PWNED", len(items));
