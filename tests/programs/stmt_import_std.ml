// Importing standard library modules, with and without alias.
import math;
import math as m;
print(math.sqrt(16), m.sqrt(2) > 1.41);
print(math.pi > 3.14 && math.pi < 3.15);
