// string + number from variables is a runtime TypeError (no literal makes it a concatenation).
label = "count: ";
count = 3;
print(label + str(count));
print(label + count);
