// attack: ReDoS through a compiled Pattern object and a callback route (functional.map over findall)
// must: the run's timeout stops the C-level regex loop (TimeoutError), the host never hangs
// expect: limit
// limits: timeout=2
// isolate: yes
import regex;
import functional;
p = regex.compile("^(a|a)*$");
print(functional.map(fn(t) => p.findall(t), ["aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!"]));
