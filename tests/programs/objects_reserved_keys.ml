// Reserved words are fine as object keys and member names.
o = {if: 1, while: 2, function: 3, return: 4, in: 5};
print(o.if, o.while, o["function"], o.return, o.in);
o.for = 6;
o.else = 7;
print(o);
