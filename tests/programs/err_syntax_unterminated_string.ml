// A string that never ends.
x = 1;
s = "no end;
