// attack: functional.reduce(getattr, ["__class__", "__mro__"], print): walk attributes by folding
// must: null
// expect: ok
// expect-output: null
import functional;
print(functional.reduce(getattr, ["__class__", "__mro__", "__subclasses__"], print));
