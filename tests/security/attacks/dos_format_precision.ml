// attack: format() with a huge precision builds a string of that many digits
// must: LimitError naming the width bound
// expect: limit
// limits: timeout=1
s = format(1.5, ".99999999f");
