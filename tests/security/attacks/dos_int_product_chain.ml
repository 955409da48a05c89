// attack: x * x * x ... on a million-bit integer inside one statement (no step between)
// must: LimitError naming the integer size bound before the product is computed
// expect: limit
// limits: timeout=1
// isolate: yes
x = 2 ** 1500000;
y = x * x * x * x * x * x * x * x;
print(len(str(y)));
