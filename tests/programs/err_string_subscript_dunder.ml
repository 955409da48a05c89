// A string subscript on a non-object never reaches an attribute.
s = "text";
print(s[0]);
x = s["__class__"];
