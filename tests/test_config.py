"""Project file discovery and the merge of CLI, project file and environment module paths."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from mlpy.config import (
    ML_MODULE_PATHS_ENV,
    ConfigWarning,
    find_project_file,
    load_project_file,
    resolve_paths,
)


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MLPY_EXTENSION_PATHS", raising=False)
    monkeypatch.delenv("MLPY_ML_MODULE_PATHS", raising=False)


def make_dirs(root: Path, *names: str) -> list[str]:
    paths = []
    for name in names:
        (root / name).mkdir(parents=True, exist_ok=True)
        paths.append(str((root / name).resolve()))
    return paths


def test_toml_found_upward_with_relative_paths(tmp_path: Path) -> None:
    ext, mods = make_dirs(tmp_path, "ext", "mods")
    (tmp_path / "mlpy.toml").write_text(
        '[mlpy]\nextension_paths = ["ext"]\nml_module_paths = ["./mods"]\n'
        '[mlpy.capabilities]\nread = ["data"]\n', encoding="utf-8")
    program_dir = tmp_path / "src" / "deep"
    program_dir.mkdir(parents=True)
    assert find_project_file(program_dir) == tmp_path / "mlpy.toml"
    ext_paths, ml_paths, config = resolve_paths(None, None, program_dir)
    assert (ext_paths, ml_paths) == ([ext], [mods])
    assert config.path == (tmp_path / "mlpy.toml").resolve()
    assert config.capabilities == {"read": ["data"]}


def test_json_project_file(tmp_path: Path) -> None:
    ext, mods = make_dirs(tmp_path, "e", "m")
    (tmp_path / "mlpy.json").write_text(json.dumps({
        "python_extension_paths": ["e"], "ml_module_paths": ["m"], "capabilities": ["read:/data"]}))
    config = load_project_file(tmp_path / "mlpy.json")
    assert (config.extension_paths, config.ml_module_paths, config.capabilities) == ([ext], [mods], ["read:/data"])


def test_unknown_keys_and_missing_paths_warn(tmp_path: Path) -> None:
    (tmp_path / "mlpy.toml").write_text('[mlpy]\nextension_path = ["x"]\nml_module_paths = ["gone"]\n')
    with pytest.warns(ConfigWarning) as record:
        ext_paths, ml_paths, _ = resolve_paths(None, None, tmp_path)
    messages = [str(r.message) for r in record]
    assert any("unknown key 'extension_path'" in m for m in messages)
    assert any(m == f"module path does not exist: {tmp_path.resolve() / 'gone'}" for m in messages)
    assert ext_paths == [] and ml_paths == [str(tmp_path.resolve() / "gone")]


def test_broken_project_file_is_a_warning(tmp_path: Path) -> None:
    (tmp_path / "mlpy.toml").write_text("[mlpy\n")
    with pytest.warns(ConfigWarning, match="cannot read project file"):
        assert resolve_paths(None, None, tmp_path)[:2] == ([], [])


def test_merge_order_cli_project_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cli_e, proj_e, env_e1, env_e2, cli_m, proj_m, env_m = make_dirs(
        tmp_path, "cli_e", "proj_e", "env_e1", "env_e2", "cli_m", "proj_m", "env_m")
    (tmp_path / "mlpy.toml").write_text(
        '[mlpy]\nextension_paths = ["proj_e", "cli_e"]\nml_module_paths = ["proj_m"]\n')
    monkeypatch.setenv("MLPY_EXTENSION_PATHS", os.pathsep.join([env_e1, "", env_e2]))
    monkeypatch.setenv("MLPY_ML_MODULE_PATHS", env_m)
    ext_paths, ml_paths, _ = resolve_paths([cli_e], [cli_m], tmp_path)
    assert ext_paths == [cli_e, proj_e, env_e1, env_e2]
    assert ml_paths == [cli_m, proj_m, env_m]


def test_no_project_file(tmp_path: Path) -> None:
    ext_paths, ml_paths, config = resolve_paths([], [], tmp_path / "nowhere")
    assert (ext_paths, ml_paths, config.path, config.capabilities) == ([], [], None, None)


def test_repl_merges_the_project_file_and_the_environment(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from mlpy.cli.app import cli
    from mlpy.modules import registry as module_registry

    monkeypatch.setattr(module_registry, "_registry", module_registry.ModuleRegistry())  # the REPL adds paths
    (tmp_path / "mods").mkdir()
    (tmp_path / "mods" / "utils.ml").write_text("function double(x) { return x * 2; }\n", encoding="utf-8")
    (tmp_path / "envmods").mkdir()
    (tmp_path / "envmods" / "extra.ml").write_text('function who() { return "env"; }\n', encoding="utf-8")
    (tmp_path / "proj").mkdir()
    (tmp_path / "proj" / "mlpy.toml").write_text('[mlpy]\nml_module_paths = ["../mods"]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path / "proj")
    monkeypatch.setenv(ML_MODULE_PATHS_ENV, str(tmp_path / "envmods"))
    result = CliRunner().invoke(cli, ["repl", "--basic"], input=(
        "import utils;\nimport extra;\nprint(utils.double(21), extra.who());\n"))
    assert result.exit_code == 0, result.output
    assert "42 env" in result.output
