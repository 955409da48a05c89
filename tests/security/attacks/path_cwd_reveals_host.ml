// attack: learn where the host runs (working directory, home, temp folder) without any grant
// must: path.cwd/home/tempDir need a read grant covering the folder they return
// expect: denied CapabilityError
// grants: read:{DIR}
import path;
print(path.cwd(), path.home(), path.tempDir());
