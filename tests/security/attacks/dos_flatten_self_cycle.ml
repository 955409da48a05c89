// attack: functional.flatten of an array that contains itself (an endless bridge loop)
// must: an ML ValueError naming the cycle
// expect: denied ValueError
// limits: timeout=2
// isolate: yes
import functional;
a = [1];
a.append([a]);
print(functional.flatten(a));
print("PWNED");
