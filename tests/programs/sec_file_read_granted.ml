// grants: read:.
// With a read grant the program can read files under the granted path.
import file;
text = file.read("data/sample.txt");
print(text.splitlines());
print(file.exists("data/sample.txt"));
