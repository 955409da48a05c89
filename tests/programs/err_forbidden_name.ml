// Forbidden names such as eval are rejected before running.
open_count = 1;
print("eval(" + open_count + ")");
eval("1 + 1");
