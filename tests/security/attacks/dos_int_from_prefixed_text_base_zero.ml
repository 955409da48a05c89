// attack: int(text, 0) reads the 0x prefix itself, so the digits' base is not known before converting: 1,000,001 hex digits (4,000,004 bits)
// must: LimitError once converted
// expect: limit
x = int("0x" + "f" * 1000001, 0);
print(x > 0);
