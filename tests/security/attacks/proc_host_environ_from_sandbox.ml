// attack: from a sandboxed child, walk the parent pids (child -> zygote -> host) through /proc/PID/stat and read the host's environment file
// must: CapabilityError: a process's environ needs the env grant for every variable
// expect: denied CapabilityError
// grants: read:/proc
// sandbox: yes
import file;
function parent(pid) {
    return file.read("/proc/" + pid + "/stat").split(" ")[3];
}
zygote = parent("self");
host = parent(zygote);
print(file.read("/proc/" + host + "/environ"));
