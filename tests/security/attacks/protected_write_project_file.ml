// attack: a program allowed to write its folder writes an mlpy.toml there that grants its next
// attack: run (or any program below that folder) everything
// must: project files are protected paths: no write grant covers them, not even --allow-all
// expect: denied CapabilityError
// grants: all
// cli: yes
import file;
file.write("{WDIR}/mlpy.toml", "[mlpy]\ncapabilities = [\"all\"]\nextension_paths = [\".\"]\n");
print("PWNED: project file written");
