// Cyclic containers print [...] / {...}; shared but acyclic parts print in full.
a = [1, 2];
a.append(a);
print(a);
o = {name: "o"};
o.self = o;
print(o);
print([o]);
x = [];
y = [x, x];
print(y);
print(str(a));
