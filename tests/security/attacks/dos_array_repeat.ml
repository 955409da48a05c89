// attack: [0] * 10**10
// must: LimitError
// expect: limit
x = [0] * 10 ** 10;
print(len(x));
