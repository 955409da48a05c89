// Recursive and iterative Fibonacci with big integers.
function fib(n) {
    if (n < 2) {
        return n;
    }
    return fib(n - 1) + fib(n - 2);
}
function fibIter(n) {
    a = 0;
    b = 1;
    i = 0;
    while (i < n) {
        [a, b] = [b, a + b];
        i += 1;
    }
    return a;
}
print(fib(15), fibIter(15));
print(fibIter(100));
