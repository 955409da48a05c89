// Negative indexes and all slice forms.
a = [0, 1, 2, 3, 4, 5];
print(a[-1], a[-2]);
print(a[1:3], a[:2], a[4:], a[:], a[::2], a[::-1], a[-3:-1], a[1:5:2]);
s = "hello";
print(s[0], s[-1], s[1:4], s[::-1]);
