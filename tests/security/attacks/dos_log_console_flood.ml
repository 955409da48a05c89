// attack: flood through log.* console lines (written to the error stream, unmetered before)
// must: LimitError: log lines count against --max-output like print
// expect: limit
// limits: max_output=1000 max_steps=100000000
// cli: yes
import log;
logger = log.create_logger("flood");
while (true) { log.error("flood"); logger.critical("flood", {"n": 1}); }
