// An unknown identifier is a compile error with a suggestion; nothing runs.
count = 1;
print("never printed");
print(cuont);
