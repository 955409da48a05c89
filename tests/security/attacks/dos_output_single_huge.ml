// attack: one print of a 1 MB string under max_output
// must: LimitError
// expect: limit
// limits: max_output=1000
print("y" * 1000000);
