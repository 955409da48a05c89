// String escapes; unknown escapes keep their backslash; strings may span lines.
print("a\nb");
print("tab:\there");
print('it\'s', "say \"hi\"");
print("back\\slash");
print("\u0041\u00e9");
print("\d+", "\w");
print(len("\d+"));
print(len("\0"), ord("\0"));
s = "multi
line
string";
print(s);
print(s.length);
print('single "quoted"');
