// attack: collections.chunk(arr, 1) of two million items builds two million arrays in one Python loop
// must: the time limit stops it (the loop charges steps)
// expect: limit
// limits: timeout=1
// isolate: yes
import collections;
a = range(1900000);
r = collections.chunk(a, 1);
r2 = collections.chunk(a, 1);
