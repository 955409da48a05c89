// attack: 2 ** 10**10
// must: LimitError
// expect: limit
x = 2 ** 10 ** 10;
print(x > 0);
