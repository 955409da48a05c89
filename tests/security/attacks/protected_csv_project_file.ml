// attack: write a project file through csv.write instead of file.write
// must: the protection lives where grants are decided, so every writing function refuses it
// expect: denied CapabilityError
// grants: all
import csv;
csv.write("{WDIR}/MLPY.TOML", [{"mlpy": "x"}]);
print("PWNED: project file written through csv");
