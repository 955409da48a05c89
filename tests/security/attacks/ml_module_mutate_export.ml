// attack: change a helper module function from outside (lib.helper.double = ...)
// must: the attempt fails or only changes data; later calls never print PWNED
// expect: output-no-secret
import lib.helper;
try { lib.helper.double = fn(x) => "PWNED"; } except (e) { print("refused"); }
print(lib.helper.twice(2));
