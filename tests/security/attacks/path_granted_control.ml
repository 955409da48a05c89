// attack: control: read a file inside the granted directory
// must: it works (the grant is honoured)
// expect: ok
// grants: read:{DIR}
// expect-output: public data
import file;
print(file.read("{DIR}/data.txt").strip());
