// attack: subscript a Python-made wrapper function (compose) with "__closure__"
// must: an ML error
// expect: refused
import functional;
c = functional.compose(str, len);
print(c["__closure__"]);
print("PWNED");
