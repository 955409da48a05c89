// Harmless names and strings that merely look dangerous are fine.
open_count = 1;
exec_time = 2.5;
evaluate = fn(x) => x * 2;
print("eval(" + open_count + ")", exec_time, evaluate(4));
o = {eval: "data", exec: "more"};
print(o.eval, o["exec"]);
print("__import__('os')".length);
