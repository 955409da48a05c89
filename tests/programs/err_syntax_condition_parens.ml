// Conditions must be parenthesised.
x = 2;
if x > 1 {
    print(x);
}
