// attack: env.set("PATH", ...) to poison later processes
// must: CapabilityError
// expect: denied CapabilityError
import env;
env.set("PATH", "/tmp/evil");
