// help, methods, modules, module_info, capabilities introspection, input.
import math;
import file;
print(methods([]));
print(typeof(methods("abc")), methods("abc").length > 20);
print(typeof(modules()), typeof(available_modules()), has_module("math"));
info = module_info("math");
print(info.name, info.type, info.version, hasattr(info, "functions"));
print(module_info("no_such_module"));
print(hasCapability("read"), getCapabilities());
print(getCapabilityInfo("read").granted);
print(requiredCapabilities(file.read), requiredCapabilities(fn(x) => x));
print(help(file.read));
print(typeof(input), callable(input));
