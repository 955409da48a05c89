// attack: round(1, -10**12) makes CPython compute 10**(10**12) in one C call (host frozen)
// must: answer at once (the places are clamped; an integer rounded past its size is 0)
// expect: ok
// limits: timeout=1
// isolate: yes
// expect-output: 0.0 0.0 1000.0
print(round(1, -1000000000000), round(1.5, -1000000000000), round(1234, -3));
