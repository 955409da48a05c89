// attack: printf-style string formatting "%r" % print to get Python's repr of a builtin (with its address)
// must: ML notation only, or an ML error; never "<function print at 0x...>"
// expect: output-no-secret
print("%r" % print);
