// Importing an ML module: dotted name binds the top package; `as` binds an alias; runs once.
import mods.util;
import mods.util as u;
print(mods.util.double(4), u.double(5), u.NAME);
print(typeof(u), typeof(u.double));
