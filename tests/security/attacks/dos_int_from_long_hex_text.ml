// attack: int() of 30,000,000 hex digits makes a 120,000,000-bit integer past the documented integer bound (no '*' or '**' involved), and bin() of it a 120,000,000-character string past the string bound
// must: LimitError from int() before it converts
// expect: limit
// limits: timeout=2
x = int("f" * 30000000, 16);
print(len(bin(x)));
