// attack: getattr on a Logger for its Python logger and handlers
// must: null
// expect: ok
// expect-output: null null null
import log;
lg = log.create_logger("x");
print(getattr(lg, "_logger"), getattr(lg, "handlers"), getattr(lg, "__dict__"));
