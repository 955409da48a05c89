// Array destructuring, and object destructuring evaluating its right side once.
[a, b] = [1, 2];
print(a, b);
[a, b] = [b, a];
print(a, b);
function source() {
    print("source called");
    return {x: 10, y: 20, z: 30};
}
{x, y} = source();
print(x, y);
{nope} = {a: 1};
print(nope);
for (pair in zip([1, 2], ["a", "b"])) {
    [n, s] = pair;
    print(n, s);
}
function inner() {
    [p, q] = "pq";
    return q + p;
}
print(inner());
