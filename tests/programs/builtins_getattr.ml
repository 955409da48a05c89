// getattr/hasattr see object keys and allow-listed methods, never `_` names.
o = {name: "ml"};
print(getattr(o, "name"), hasattr(o, "name"), hasattr(o, "nope"), getattr(o, "nope", "dflt"), getattr(o, "nope"));
print(getattr("abc", "__class__"), hasattr("abc", "__class__"), hasattr([], "_x"), getattr({}, "__class__"));
print(hasattr("abc", "upper"), hasattr([], "append"), hasattr("abc", "format"), hasattr([], "map"));
up = getattr("abc", "upper");
print(up());
print(getattr(1, "real"), getattr(print, "__globals__"));
