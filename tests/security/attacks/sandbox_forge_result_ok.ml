// attack: print a fake success message with forged globals, then run normally
// must: the returned globals are the real ones
// expect: ok
// sandbox: yes
// expect-globals: {"x": 1}
print("{\"ok\": true, \"globals\": {\"x\": 999, \"admin\": true}}");
x = 1;
