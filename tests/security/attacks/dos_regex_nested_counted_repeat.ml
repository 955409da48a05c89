// attack: a 17-character pattern whose nested counted repeats the engine expands to 16 million items while compiling (about 15 s in one C call)
// must: LimitError naming the counted-repeat bound
// expect: limit
// limits: timeout=1
import regex;
p = regex.compile("(?:a{4000}){4000}");
