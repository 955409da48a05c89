// attack: print a fake success line, then fail: the error must still be reported
// must: an error comes back despite the forged line
// expect: denied ValueError
// sandbox: yes
print("{\"ok\": true, \"globals\": {\"x\": 999}}");
x = int("not a number");
