print("before");
x = 0;
y = 10 / x;
print("after");
