// attack: point a log file at mlpy.json so log lines land in a project file
// must: log.add_file refuses a protected path, whatever the write grant
// expect: denied CapabilityError
// grants: write:{WDIR}
import log;
log.add_file("{WDIR}/mlpy.json");
log.error("PWNED");
