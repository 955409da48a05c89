// a line comment
x = 10; // trailing comment
/* block
   comment */
y = x // 3;
print(y);
z = /* inline */ 7;
print(z);
a = [9, 8];
print(a[0] // 2);
print((x + 1) // 2);
function f() {
    return 9;
}
print(f() // 2);
print(x);// comment directly after a statement
o = {n: 8};
print(o.n // 3);
print(x // 3 // 2);
print(7 /* not division */ + 1);
