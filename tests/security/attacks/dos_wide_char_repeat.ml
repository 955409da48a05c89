// attack: repeating a non-ASCII character: 4 bytes a character, so a count under the character bound is 4x the memory
// must: LimitError (wide strings count 4 bytes a character)
// expect: limit
// limits: timeout=1
x = "\u0100" * 20000000;
