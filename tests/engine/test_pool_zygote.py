"""The pool's zygote: which jobs it compiles ahead for its spares."""

from __future__ import annotations

from mlpy.engine.zygote import _SeenSources


def _job(source: str, **fields: object) -> dict[str, object]:
    return {"source": source, "filename": "<string>", "extension_paths": [], "ml_module_paths": [],
            "limits": {"timeout": None}, "inputs": {}, **fields}


def test_a_repeated_source_is_compiled_in_the_zygote_once():
    seen = _SeenSources()
    assert [seen.needs_compile(_job("x = 1;")) for _ in range(4)] == [False, True, False, False]


def test_the_same_source_under_other_module_paths_or_inputs_is_compiled_again():
    seen = _SeenSources()
    seen.needs_compile(_job("y = a;"))
    assert seen.needs_compile(_job("y = a;"))
    assert seen.needs_compile(_job("y = a;", extension_paths=["/srv/ext"]))
    assert seen.needs_compile(_job("y = a;", inputs={"a": 1}))
    assert not seen.needs_compile(_job("y = a;", inputs={"a": 2}))  # only the input names matter


def test_compiled_jobs_are_forgotten_before_the_program_cache_could_drop_them():
    seen = _SeenSources()
    sources = [f"x = {n};" for n in range(_SeenSources.COMPILED + 1)]
    for source in sources:
        seen.needs_compile(_job(source))
        assert seen.needs_compile(_job(source))
    assert seen.needs_compile(_job(sources[0]))  # the oldest was forgotten: compiled (looked up) again
    assert not seen.needs_compile(_job(sources[-1]))
