// Index and slice assignment follow Python semantics.
a = [1, 2, 3, 4, 5];
a[0] = 10;
a[-1] = 50;
print(a);
a[1:3] = ["x"];
print(a);
a[:] = [];
print(a);
o = {};
o["k"] = 1;
o.m = 2;
print(o);
m = [[1, 2], [3, 4]];
m[1][0] = 9;
print(m);
