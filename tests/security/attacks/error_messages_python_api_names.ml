// attack: make Python's digit-limit error surface (it names sys.set_int_max_str_digits)
// must: ML wording only in every message
// expect: ok
// expect-output: format(): invalid format 'd' for a number (number too large to convert to a string)
// expect-output: json.parse: a number in the JSON text has too many digits
import json;
try { format(10 ** 5000, "d"); } except (e) { print(e.message); }
try { json.parse("9" * 5000); } except (e) { print(e.message); }
