// An uncaught IndexError ends the program; earlier output is kept.
a = [1, 2, 3];
print(a[1]);
print(a[10]);
print("not reached");
