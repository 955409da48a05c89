// attack: range(10**12) builds an array
// must: LimitError
// expect: limit
for (i in range(1000000000000)) { }
