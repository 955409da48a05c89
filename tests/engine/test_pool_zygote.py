"""The pool's zygote: which jobs it compiles ahead for its spares."""

from __future__ import annotations

from mlpy.engine.zygote import _SeenSources, compile_keys, request_header


def _job(source: str, **fields: object) -> dict[str, object]:
    return {"source": source, "filename": "<string>", "extension_paths": [], "ml_module_paths": [],
            "limits": {"timeout": None}, "inputs": {}, **fields}


def _compile(seen: _SeenSources, job: dict[str, object]) -> bool:
    return seen.needs_compile(*compile_keys(job))


def test_a_repeated_source_is_compiled_in_the_zygote_once():
    seen = _SeenSources()
    assert [_compile(seen, _job("x = 1;")) for _ in range(4)] == [False, True, False, False]


def test_the_same_source_under_other_module_paths_or_inputs_is_compiled_again():
    seen = _SeenSources()
    _compile(seen, _job("y = a;"))
    assert _compile(seen, _job("y = a;"))
    assert _compile(seen, _job("y = a;", extension_paths=["/srv/ext"]))
    assert _compile(seen, _job("y = a;", inputs={"a": 1}))
    assert not _compile(seen, _job("y = a;", inputs={"a": 2}))  # only the input names matter


def test_compiled_jobs_are_forgotten_before_the_program_cache_could_drop_them():
    seen = _SeenSources()
    sources = [f"x = {n};" for n in range(_SeenSources.COMPILED + 1)]
    for source in sources:
        _compile(seen, _job(source))
        assert _compile(seen, _job(source))
    assert _compile(seen, _job(sources[0]))  # the oldest was forgotten: compiled (looked up) again
    assert not _compile(seen, _job(sources[-1]))


def test_the_request_header_carries_what_the_zygote_needs_without_parsing_the_job():
    job = _job("x = 1;", limits={"timeout": 2})
    header = request_header(7, job, 123)
    assert header.endswith(b"\n") and header.count(b"\n") == 1
    job_id, timeout, seen, compile_key, size = header.split()
    assert (job_id, timeout, size) == (b"7", b"2.0", b"123")
    assert (seen.decode(), compile_key.decode()) == compile_keys(job)
    assert request_header(8, _job("x = 1;"), 5).split()[1] == b"-"  # no time limit
