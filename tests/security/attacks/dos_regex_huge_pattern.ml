// attack: compiling a pattern of millions of characters is one long C call
// must: LimitError naming the pattern bound
// expect: limit
// limits: timeout=1
import regex;
p = regex.compile("ab" * 1000000);
