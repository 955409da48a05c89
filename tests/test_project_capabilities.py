"""Grants from the project file's capabilities section (security issue: "the same in the project file")."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

import mlpy
from mlpy.config import ConfigWarning, ProjectConfig, capability_strings

PROGRAM = 'import file;\nprint(file.read("data/a.txt"));\n'


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "a.txt").write_text("inside")
    (tmp_path / "p.ml").write_text(PROGRAM)
    return tmp_path


def run(path: Path, project_file: bool | str = True) -> str:
    """Run the file as an embedding host that asked for its project file."""
    out = io.StringIO()
    mlpy.run_file(path, stdout=out, project_file=project_file)
    return out.getvalue()


def test_the_api_reads_no_project_file_unless_asked(project: Path) -> None:
    (project / "mlpy.toml").write_text('[mlpy.capabilities]\nallow-read = ["data"]\n')
    (project / "p.ml").write_text(f'import file;\nprint(file.read("{project / "data" / "a.txt"}"));\n')
    with pytest.raises(mlpy.MLCapabilityError):
        run(project / "p.ml", project_file=False)
    assert run(project / "p.ml", project_file=str(project / "mlpy.toml")) == "inside\n"


def test_toml_table_grants_relative_to_the_project_file(project: Path, tmp_path_factory: pytest.TempPathFactory,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    (project / "mlpy.toml").write_text('[mlpy.capabilities]\nallow-read = ["data"]\n')
    (project / "p.ml").write_text(f'import file;\nprint(file.read("{project / "data" / "a.txt"}"));\n')
    monkeypatch.chdir(tmp_path_factory.mktemp("elsewhere"))  # "data" means the project's, not the cwd's
    assert run(project / "p.ml") == "inside\n"


def test_without_a_project_grant_the_read_is_denied(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(project)
    with pytest.raises(mlpy.MLCapabilityError) as info:
        run(project / "p.ml")
    assert 'Pass capabilities=["read:' in info.value.message  # an embedding host's advice


def test_project_deny_wins(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (project / "mlpy.toml").write_text(
        '[mlpy.capabilities]\nallow-read = ["data"]\ndeny-read = ["data/a.txt"]\n')
    monkeypatch.chdir(project)
    with pytest.raises(mlpy.MLCapabilityError) as info:
        run(project / "p.ml")
    assert 'denied by the rule "deny-read:' in info.value.message  # the rule, as an API string


def test_json_list_of_api_strings(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (project / "mlpy.json").write_text(json.dumps({"capabilities": ["read:data"]}))
    monkeypatch.chdir(project)
    assert run(project / "p.ml") == "inside\n"


def test_capability_strings_forms(tmp_path: Path) -> None:
    config = ProjectConfig(path=tmp_path / "mlpy.toml", capabilities={
        "allow_net": ["api.example.com:443"], "allow-env": True, "deny-write": ["out"], "allow-all": False})
    assert capability_strings(config) == ["net:api.example.com:443", "env", f"deny-write:{tmp_path / 'out'}"]
    assert capability_strings(ProjectConfig()) == []


def test_unknown_capability_keys_warn_and_grant_nothing(tmp_path: Path) -> None:
    config = ProjectConfig(path=tmp_path / "mlpy.toml", capabilities={"allow-everything": True})
    with pytest.warns(ConfigWarning, match="unknown capability key 'allow-everything'"):
        assert capability_strings(config) == []
