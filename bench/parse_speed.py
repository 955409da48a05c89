"""Parser speed: lines/second of mlpy's hand-written parser on a generated corpus of realistic ML.

If ``lark`` happens to be installed, a minimal Lark LALR grammar for the same statement/expression
subset is timed on the same corpus for comparison (lark is not a dependency; that part is skipped
otherwise). Run: ``python bench/parse_speed.py``.
"""

from __future__ import annotations

import time

from mlpy.language import parse

_BLOCK = '''\
// utility {i}
function score_{i}(items, weight: number) {{
    total = 0;
    for (item in items) {{
        if (item.value > 10 && item.kind == "big") {{
            total += item.value * weight;
        }} elif (item.value < 0) {{
            total -= 1;
        }} else {{
            total = total + item.value // 2;
        }}
    }}
    result = {{name: "score_{i}", total: total, tags: [1, 2, 3]}};
    return result;
}}
values_{i} = [1, 2.5, -3, 4 ** 2, "text", null, true];
k_{i} = 0;
while (k_{i} < 10) {{
    k_{i} = k_{i} + 1;
    if (k_{i} % 3 == 0) {{ continue; }}
}}
mapper_{i} = fn(x) => x > 0 ? x * 2 : -x;
out_{i} = score_{i}([{{value: 12, kind: "big"}}, {{value: -1, kind: "small"}}], 3);
print("score " + out_{i}.total, values_{i}[1:3], mapper_{i}(k_{i}));
'''

LARK_GRAMMAR = r"""
start: stmt*
?stmt: "function" NAME "(" [param ("," param)*] ")" block -> funcdef
     | "if" "(" expr ")" block ("elif" "(" expr ")" block)* ["else" block] -> if_
     | "while" "(" expr ")" block -> while_
     | "for" "(" NAME "in" expr ")" block -> for_
     | "return" [expr] ";" -> return_
     | "continue" ";" -> continue_
     | postfix AUGOP expr ";" -> augassign
     | postfix "=" expr ";" -> assign
     | expr ";" -> exprstmt
param: NAME [":" NAME]
block: "{" stmt* "}"
?expr: arrow | ternary
arrow: "fn" "(" [param ("," param)*] ")" "=>" expr
?ternary: or_ ["?" expr ":" expr]
?or_: and_ ("||" and_)*
?and_: eq ("&&" eq)*
?eq: cmp (EQOP cmp)*
?cmp: add (CMPOP add)*
?add: mul (ADDOP mul)*
?mul: unary (MULOP unary)*
?unary: UNOP unary | power
?power: postfix ["**" unary]
?postfix: atom | postfix "(" [expr ("," expr)*] ")" -> call
        | postfix "[" [expr] [":" [expr]] "]" -> index
        | postfix "." NAME -> member
?atom: NUMBER | STRING | NAME | "true" | "false" | "null" | "(" expr ")"
     | "[" [expr ("," expr)*] "]" -> array
     | "{" [pair ("," pair)*] "}" -> object
pair: (NAME | STRING) ":" expr
AUGOP: "+=" | "-=" | "*=" | "/=" | "%="
EQOP: "==" | "!="
CMPOP: "<=" | ">=" | "<" | ">"
ADDOP: "+" | "-"
MULOP: "//" | "*" | "/" | "%"
UNOP: "!" | "-"
NAME: /(?!(function|if|elif|else|while|for|in|return|continue|fn|true|false|null)\b)[A-Za-z_][A-Za-z0-9_]*/
NUMBER: /\d+(\.\d*)?/
STRING: /"[^"]*"/
COMMENT: /\/\/ [^\n]*/
%ignore COMMENT
%ignore /\s+/
"""


def make_corpus(min_lines: int = 5000) -> str:
    """Repeat the block template with fresh names until the corpus has at least ``min_lines`` lines."""
    parts: list[str] = []
    lines = 0
    i = 0
    while lines < min_lines:
        block = _BLOCK.format(i=i)
        parts.append(block)
        lines += block.count("\n")
        i += 1
    return "".join(parts)


def best_rate(func, source: str, repeat: int = 5) -> float:
    """Lines per second of the fastest of ``repeat`` runs of ``func(source)``."""
    lines = source.count("\n")
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        func(source)
        best = min(best, time.perf_counter() - t0)
    return lines / best


def main() -> None:
    """Print lines/s of mlpy's parser and, when lark is installed, of a Lark LALR parser."""
    source = make_corpus()
    print(f"corpus: {source.count(chr(10))} lines")
    print(f"mlpy parser: {best_rate(parse, source):,.0f} lines/s")
    try:
        import lark  # noqa: PLC0415 - optional, only for the comparison
    except ImportError:
        print("lark not installed: LALR comparison skipped")
        return
    # The Lark grammar has no floor-division-vs-comment rule; '//' in the corpus is always floor division
    # after an operand, so its comments are written '// ' (with a space) and no code uses '// '.
    lark_source = source.replace(" // 2", " //2")
    lark_parser = lark.Lark(LARK_GRAMMAR, parser="lalr")
    print(f"lark LALR:   {best_rate(lark_parser.parse, lark_source):,.0f} lines/s")


if __name__ == "__main__":
    main()
