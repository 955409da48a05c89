// Missing semicolon.
x = 1
y = 2;
