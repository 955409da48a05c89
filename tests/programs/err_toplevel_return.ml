// return at top level is a compile error.
x = 1;
return x;
