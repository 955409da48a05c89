// attack: write harmless-looking grants.txt, then rename it to mlpy.json
// must: the destination of a move is judged like any write: project files are protected
// expect: denied CapabilityError
// grants: write:{WDIR} read:{WDIR}
import file;
file.write("{WDIR}/grants.txt", "{\"capabilities\": [\"all\"]}");
file.move("{WDIR}/grants.txt", "{WDIR}/mlpy.json");
print("PWNED: project file planted");
