// attack: write DIR/../outside/secret.txt with write granted on WDIR only
// must: CapabilityError
// expect: denied CapabilityError
// grants: write:{WDIR}
import file;
file.write("{WDIR}/../outside/secret.txt", "PWNED");
