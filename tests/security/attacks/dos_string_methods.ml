// attack: "x".center(10**10) / ljust / zfill
// must: LimitError
// expect: limit
x = "x".ljust(10000000000);
