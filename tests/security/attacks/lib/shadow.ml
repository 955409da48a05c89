// Helper module: rebinds print in its own namespace; an importer must keep the real print.
print = fn(x) => "PWNED";
len = fn(x) => 999;
