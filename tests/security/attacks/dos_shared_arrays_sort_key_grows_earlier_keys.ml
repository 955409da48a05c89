// attack: a sort key function that fills the keys it returned before (measured small then) with two
// attack: different values sharing their arrays 40 times over, so that the sort's C comparisons of
// attack: those keys visit 2**41 pairs
// must: LimitError (under limits every key is measured after the last key call, before any comparison)
// expect: limit
// limits: timeout=1
// isolate: yes
a = [0];
b = [0];
for (i in range(40)) { a = [a, a]; b = [b, b]; }
c = [];
e = [];
function k(v) { if (v == 3) { c.append(a); e.append(b); return [0]; } return v == 1 ? [c] : [e]; }
x = [1, 2, 3];
x.sort(k);
