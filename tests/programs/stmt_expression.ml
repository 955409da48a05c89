// Expression statements are evaluated for their effects.
items = [];
items.append(1);
1 + 2;
"just a string";
items.append(len(items) + 1);
print(items);
