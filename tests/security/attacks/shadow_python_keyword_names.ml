// attack: use Python-only names (class, lambda, def, import_, self) as ML names
// must: mangled: the program runs with its own values
// expect: ok
// expect-output: 10
class = 1;
lambda = 2;
def = 3;
pass = 4;
print(class + lambda + def + pass);
