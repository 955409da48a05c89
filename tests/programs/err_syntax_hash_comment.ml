// `#` does not start a comment in ML.
x = 1;
# this is not a comment
print(x);
