// attack: http.encodeQuery with a function value: str() of it was "<function print at 0x...>"
// must: an ML TypeError, no Python repr in the query string
// expect: denied TypeError
import http;
q = http.encodeQuery({"a": print, "b": fn(x) => x});
print(q);
print("PWNED");
