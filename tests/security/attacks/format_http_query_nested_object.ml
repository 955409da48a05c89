// attack: http.encodeQuery with a nested object: str() of a dict is Python notation ({'k': ...})
// must: an ML TypeError
// expect: denied TypeError
import http;
q = http.encodeQuery({"a": {"__class__": [iter([1])]}});
print(q);
print("PWNED");
