// attack: "x" * 10000000000
// must: LimitError before allocating
// expect: limit
x = "x" * 10000000000;
print(len(x));
