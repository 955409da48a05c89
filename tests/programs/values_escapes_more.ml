// Escape edge cases: quotes of the other kind, unknown escapes keep their backslash.
print('\'', "\'", '\"', "'", '"');
print("\x41", "\q", "a\.b", "\\d");
print(["\x41", "\\", "\r"]);
print(len("\x41"), len("\\d"), len("\t"));
