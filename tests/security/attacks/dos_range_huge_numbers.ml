// attack: range(-2**3000000, -2**3000000 + 1900000): few items, but each one a 3-million-bit number (hundreds of GB)
// must: LimitError (the numbers' total size is bounded like the largest array of 64-bit numbers)
// expect: limit
// limits: timeout=1
// isolate: yes
big = 2 ** 3000000;
r = range(-big, -big + 1900000);
