// round: halves to even, integer result; with digits a float.
print(round(2.5), round(3.5), round(-2.5), round(0.5), round(1.5));
print(round(2.7), round(-2.7), typeof(round(2.7)));
print(round(3.14159, 2), round(2.0, 1), round(10.0 / 3, 3));
print(round(7));
