"""The four workloads of the performance table, in ML and in Python, written the same way.

Every input comes from the command line (``args.rest()`` in ML, ``argv`` in Python) or from arrays
the program builds from it, so the compiler cannot see through literals: ``fib`` gets its ``n`` as a
parameter, ``quicksort`` sorts pseudo-random numbers made from a seed, ``strings`` formats numbers
taken from an array, ``objects`` reads and writes members of objects taken from an array. Each
program leaves its checksum in ``result``; ML and Python must agree on it. ``lua`` is the same
algorithm for the Lua peer (``lupa``): arrays are 1-based there, the arguments arrive as the table
``argv`` and the checksum is returned. The Starlark peer runs the Python text (Starlark is a
Python dialect).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Workload:
    """One benchmark program in both languages, with its command-line arguments."""

    name: str
    label: str
    ml: str
    python: str
    argv: tuple[str, ...]
    lua: str = ""


FIB = Workload(
    "fib", "fib(27)",
    ml="""
import args;
function fib(n) {
    if (n < 2) { return n; }
    return fib(n - 1) + fib(n - 2);
}
result = fib(int(args.rest()[0]));
""",
    python="""
def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)
result = fib(int(argv[0]))
""",
    argv=("27",),
    lua="""
local function fib(n)
    if n < 2 then return n end
    return fib(n - 1) + fib(n - 2)
end
return fib(math.tointeger(tonumber(argv[1])))
""",
)

QUICKSORT = Workload(
    "quicksort", "quicksort 200k",
    ml="""
import args;
function make(n, seed) {
    out = [];
    x = seed;
    for (i in range(n)) {
        x = (x * 1103515245 + 12345) % 2147483648;
        out.append(x % 1000000);
    }
    return out;
}
function quicksort(arr) {
    if (len(arr) <= 1) { return arr; }
    pivot = arr[len(arr) // 2];
    less = [];
    same = [];
    more = [];
    for (x in arr) {
        if (x < pivot) { less.append(x); } elif (x > pivot) { more.append(x); } else { same.append(x); }
    }
    return quicksort(less) + same + quicksort(more);
}
params = args.rest();
data = make(int(params[0]), int(params[1]));
s = quicksort(data);
result = s[0] + s[len(s) // 2] * 3 + s[len(s) - 1] * 7 + len(s);
""",
    python="""
def make(n, seed):
    out = []
    x = seed
    for i in range(n):
        x = (x * 1103515245 + 12345) % 2147483648
        out.append(x % 1000000)
    return out
def quicksort(arr):
    if len(arr) <= 1:
        return arr
    pivot = arr[len(arr) // 2]
    less = []
    same = []
    more = []
    for x in arr:
        if x < pivot:
            less.append(x)
        elif x > pivot:
            more.append(x)
        else:
            same.append(x)
    return quicksort(less) + same + quicksort(more)
params = argv
data = make(int(params[0]), int(params[1]))
s = quicksort(data)
result = s[0] + s[len(s) // 2] * 3 + s[len(s) - 1] * 7 + len(s)
""",
    argv=("200000", "7"),
    lua="""
local function make(n, seed)
    local out = {}
    local x = seed
    for i = 0, n - 1 do
        x = (x * 1103515245 + 12345) % 2147483648
        out[#out + 1] = x % 1000000
    end
    return out
end
local function quicksort(arr)
    if #arr <= 1 then return arr end
    local pivot = arr[#arr // 2 + 1]
    local less, same, more = {}, {}, {}
    for _, x in ipairs(arr) do
        if x < pivot then less[#less + 1] = x
        elseif x > pivot then more[#more + 1] = x
        else same[#same + 1] = x end
    end
    local sorted = quicksort(less)
    for _, x in ipairs(same) do sorted[#sorted + 1] = x end
    for _, x in ipairs(quicksort(more)) do sorted[#sorted + 1] = x end
    return sorted
end
local data = make(math.tointeger(tonumber(argv[1])), math.tointeger(tonumber(argv[2])))
local s = quicksort(data)
return s[1] + s[#s // 2 + 1] * 3 + s[#s] * 7 + #s
""",
)

STRINGS = Workload(
    "strings", "strings 200k",
    ml="""
import args;
function build(n, words) {
    parts = [];
    total = 0;
    for (i in range(n)) {
        w = words[i % len(words)];
        s = w + "-" + str(i * 7) + ":" + str(len(w));
        total = total + len(s);
        parts.append(s.upper());
    }
    return total + len(",".join(parts));
}
params = args.rest();
result = build(int(params[0]), params[1:]);
""",
    python="""
def build(n, words):
    parts = []
    total = 0
    for i in range(n):
        w = words[i % len(words)]
        s = w + "-" + str(i * 7) + ":" + str(len(w))
        total = total + len(s)
        parts.append(s.upper())
    return total + len(",".join(parts))
params = argv
result = build(int(params[0]), params[1:])
""",
    argv=("200000", "alpha", "beta", "gamma", "delta", "epsilon"),
    lua="""
local function build(n, words)
    local parts = {}
    local total = 0
    for i = 0, n - 1 do
        local w = words[i % #words + 1]
        local s = w .. "-" .. tostring(i * 7) .. ":" .. tostring(#w)
        total = total + #s
        parts[#parts + 1] = string.upper(s)
    end
    return total + #table.concat(parts, ",")
end
local words = {}
for i = 2, #argv do words[#words + 1] = argv[i] end
return build(math.tointeger(tonumber(argv[1])), words)
""",
)

OBJECTS = Workload(
    "objects", "objects 200k",
    ml="""
import args;
function make_points(n, width) {
    points = [];
    for (i in range(n)) {
        points.append({x: i % width, y: i % 7, tag: "p"});
    }
    return points;
}
function walk(points) {
    acc = {sx: 0, sy: 0, n: 0};
    for (p in points) {
        acc.sx = acc.sx + p.x * 2;
        acc.sy += p.y;
        acc.n += 1;
        p.x = p.y + 1;
    }
    return acc.sx + acc.sy + acc.n;
}
params = args.rest();
pts = make_points(int(params[0]), int(params[1]));
result = walk(pts) + pts[len(pts) - 1].x;
""",
    python="""
def make_points(n, width):
    points = []
    for i in range(n):
        points.append({"x": i % width, "y": i % 7, "tag": "p"})
    return points
def walk(points):
    acc = {"sx": 0, "sy": 0, "n": 0}
    for p in points:
        acc["sx"] = acc["sx"] + p["x"] * 2
        acc["sy"] = acc["sy"] + p["y"]  # RestrictedPython refuses `+=` on items
        acc["n"] = acc["n"] + 1
        p["x"] = p["y"] + 1
    return acc["sx"] + acc["sy"] + acc["n"]
params = argv
pts = make_points(int(params[0]), int(params[1]))
result = walk(pts) + pts[len(pts) - 1]["x"]
""",
    argv=("200000", "100"),
    lua="""
local function make_points(n, width)
    local points = {}
    for i = 0, n - 1 do
        points[#points + 1] = {x = i % width, y = i % 7, tag = "p"}
    end
    return points
end
local function walk(points)
    local acc = {sx = 0, sy = 0, n = 0}
    for _, p in ipairs(points) do
        acc.sx = acc.sx + p.x * 2
        acc.sy = acc.sy + p.y
        acc.n = acc.n + 1
        p.x = p.y + 1
    end
    return acc.sx + acc.sy + acc.n
end
local pts = make_points(math.tointeger(tonumber(argv[1])), math.tointeger(tonumber(argv[2])))
return walk(pts) + pts[#pts].x
""",
)

WORKLOADS: tuple[Workload, ...] = (FIB, QUICKSORT, STRINGS, OBJECTS)
