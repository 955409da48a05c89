// Braces are mandatory around every body.
x = 2;
while (x > 0) x -= 1;
