"""Tests of the ML ``args`` module and its ArgParser / ParsedArgs classes."""

from __future__ import annotations

import pytest

from mlpy.runtime.context import ExecutionContext, use
from mlpy.stdlib.args_bridge import args
from mlpy.stdlib.decorators import class_info_of


def test_program_arguments_come_from_the_context():
    with use(ExecutionContext(argv=["prog.ml", "a", "--v"])):
        assert args.all() == ["prog.ml", "a", "--v"]
        assert args.script() == "prog.ml"
        assert args.rest() == ["a", "--v"]
    with use(ExecutionContext(argv=[])):
        assert args.all() == [] and args.script() == "" and args.rest() == []


def make_parser():
    parser = args.create_parser("tool", "Does things.")
    assert class_info_of(parser).name == "ArgParser"
    parser.add_flag("verbose", "v", "talk more")
    parser.add_option("out", "o", "output file", "a.txt")
    parser.add_positional("input", "input file", True)
    parser.add_positional("extra", "optional thing")
    return parser


def test_parse():
    parser = make_parser()
    result = parser.parse(["-v", "--out=b.txt", "in.ml", "x", "y"])
    assert class_info_of(result).name == "ParsedArgs"
    assert result.flags() == {"verbose": True} and result.options() == {"out": "b.txt"}
    assert result.positionals() == ["in.ml", "x", "y"]
    assert result.get("input") == "in.ml" and result.get("extra") == "x" and result.get("out") == "b.txt"
    assert result.has("verbose") and result.has("--out") and result.has("input")
    assert result.get_bool("verbose") and not result.get_bool("out")
    defaults = parser.parse(["in.ml"])
    assert defaults.flags() == {"verbose": False} and defaults.get("out") == "a.txt"
    assert defaults.get("extra") is None and defaults.get("extra", "d") == "d" and not defaults.has("extra")
    assert not defaults.has("verbose") and defaults.get("nothing", 5) == 5
    assert parser.parse(["-o", "c", "i"]).get("out") == "c"
    assert parser.parse(["-oc", "i"]).get("out") == "c"
    assert parser.parse(["--out", "-", "--", "--verbose"]).positionals() == ["--verbose"]
    with use(ExecutionContext(argv=["prog.ml", "--verbose", "file"])):
        assert parser.parse().get("input") == "file"


def test_help():
    assert make_parser().help() == (
        "usage: tool [--verbose] [--out VALUE] input [extra]\n"
        "\n"
        "Does things.\n"
        "\n"
        "  -v, --verbose    talk more\n"
        "  -o, --out VALUE  output file (default: a.txt)\n"
        "  input            input file\n"
        "  extra            optional thing (optional)")
    assert args.create_parser().help() == "usage: program"


def test_parse_errors():
    parser = make_parser()
    usage = "\nusage: tool [--verbose] [--out VALUE] input [extra]"
    with pytest.raises(ValueError) as info:
        parser.parse(["--nope", "i"])
    assert str(info.value) == "ArgParser.parse: unknown option '--nope'" + usage
    with pytest.raises(ValueError, match=r"^ArgParser\.parse: option '--out' needs a value"):
        parser.parse(["i", "--out"])
    with pytest.raises(ValueError, match=r"^ArgParser\.parse: flag '--verbose=1' takes no value"):
        parser.parse(["--verbose=1", "i"])
    with pytest.raises(ValueError, match=r"^ArgParser\.parse: missing required argument 'input'"):
        parser.parse([])
    with pytest.raises(ValueError, match=r"^ArgParser\.add_flag: 'out' is already declared$"):
        parser.add_flag("out")
    with pytest.raises(ValueError, match=r"^ArgParser\.add_flag: '-v' is already used by '--verbose'$"):
        parser.add_flag("version", "v")
    with pytest.raises(TypeError, match=r"^ArgParser\.parse: expected a string as 'argv\[0\]', got number$"):
        parser.parse([1])
