// A bad conversion raises ValueError.
print(int("12"));
n = int("twelve");
