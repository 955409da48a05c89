// attack: getattr for Python methods outside the allow-list (format, encode, __add__)
// must: null
// expect: ok
// expect-output: null null null null
print(getattr("{}", "format"), getattr("x", "encode"), getattr([], "__add__"), getattr(1, "real"));
