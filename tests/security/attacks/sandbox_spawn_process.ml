// attack: start a background process that survives the timeout (needs subprocess)
// must: ImportError: ML cannot spawn processes at all
// expect: denied ImportError
// sandbox: yes
import subprocess;
subprocess.Popen(["sh", "-c", "sleep 100; echo PWNED"]);
