// attack: finish at once but leave a global that shares its arrays 2**40 times over, so that the
// sandbox child, copying its result to JSON item by item, runs past the deadline (a false timeout
// report) or, without a time limit, never ends and grows its memory without bound
// must: the run succeeds; the exploding value stays behind like a function, the rest comes back
// expect: ok
// sandbox: yes
// limits: timeout=2
// expect-globals: {"done": 1}
a = [1];
for (i in range(40)) { a = [a, a]; }
done = 1;
