"""Tests of the ML ``log`` module: levels, formats, console output and granted log files."""

from __future__ import annotations

import json
import re
from contextlib import contextmanager

import pytest

from mlpy.errors import MLCapabilityError
from mlpy.runtime.capabilities import Grants
from mlpy.runtime.context import ExecutionContext, use
from mlpy.stdlib.decorators import class_info_of
from mlpy.stdlib.log_bridge import Log, log


@contextmanager
def granted(*capabilities: str):
    """Run the block with exactly these grants active."""
    with use(ExecutionContext(grants=Grants.from_strings(list(capabilities)))):
        yield


def quiet_log() -> Log:
    fresh = Log()
    fresh.set_timestamp(False)
    return fresh


def test_levels_and_text_format(capsys):
    lg = quiet_log()
    assert not lg.is_debug()
    lg.debug("hidden")
    lg.info("started", {"port": 80, "ok": True})
    lg.warn("careful")
    lg.error("broken")
    lg.critical("down")
    assert capsys.readouterr().err == ('INFO: started {"port": 80, "ok": true}\nWARN: careful\n'
                                       "ERROR: broken\nCRITICAL: down\n")
    lg.set_level("debug")
    assert lg.is_debug()
    lg.debug("shown")
    lg.set_level("ERROR")
    lg.warn("hidden")
    lg.error("kept")
    assert capsys.readouterr().err == "DEBUG: shown\nERROR: kept\n"


def test_timestamp_and_json_format(capsys):
    lg = Log()
    lg.info("stamped")
    assert re.fullmatch(r"\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\] INFO: stamped\n", capsys.readouterr().err)
    lg.set_format("json")
    lg.warn("as json", {"n": [1, None]})
    record = json.loads(capsys.readouterr().err)
    assert record["level"] == "WARN" and record["message"] == "as json" and record["data"] == {"n": [1, None]}
    assert "timestamp" in record
    lg.set_timestamp(False)
    lg.info("x")
    assert capsys.readouterr().err == '{"level": "INFO", "message": "x"}\n'


def test_logger_objects(capsys):
    logger = log.create_logger("db")
    assert class_info_of(logger).name == "Logger"
    logger.set_timestamp(False)
    logger.info("connected")
    logger.debug("hidden")
    logger.set_level("debug")
    assert logger.is_debug()
    logger.debug("query", {"sql": "select"})
    logger.warn("slow")
    logger.error("failed")
    logger.critical("gone")
    logger.set_format("json")
    logger.info("j")
    lines = capsys.readouterr().err.splitlines()
    assert lines[:5] == ["INFO [db]: connected", 'DEBUG [db]: query {"sql": "select"}', "WARN [db]: slow",
                         "ERROR [db]: failed", "CRITICAL [db]: gone"]
    assert json.loads(lines[5]) == {"level": "INFO", "logger": "db", "message": "j"}


def test_log_files_need_the_write_grant(tmp_path, capsys):
    lg = quiet_log()
    target = tmp_path / "app.log"
    with granted(), pytest.raises(MLCapabilityError) as info:
        lg.add_file(str(target))
    assert "log.add_file" in info.value.message and "--allow-write=" in info.value.message
    with granted(f"write:{tmp_path}"):  # settings belong to one run: set them inside it
        lg.set_timestamp(False)
        lg.add_file(str(target))
        lg.info("to file")
        logger = lg.create_logger("w")
        logger.set_timestamp(False)
        logger.add_file(str(target))
        logger.error("from logger")
    assert target.read_text() == "INFO: to file\nERROR [w]: from logger\n"
    with granted():
        lg.info("not written: this run has no grant")
    assert target.read_text() == "INFO: to file\nERROR [w]: from logger\n"
    inside = tmp_path / "in"
    inside.mkdir()
    (inside / "link.log").symlink_to(tmp_path / "app.log")
    with granted(f"write:{inside}"):
        for path in (str(inside / ".." / "app.log"), str(inside / "link.log")):
            with pytest.raises(MLCapabilityError):
                lg.add_file(path)
    capsys.readouterr()


def test_bad_input():
    lg = quiet_log()
    with pytest.raises(ValueError, match=r"^log\.set_level: unknown level 'loud'"):
        lg.set_level("loud")
    with pytest.raises(ValueError, match=r"^log\.set_format: unknown format 'xml' \(use text or json\)$"):
        lg.set_format("xml")
    with pytest.raises(TypeError, match=r"^log\.set_timestamp: expected a boolean as 'enabled', got number$"):
        lg.set_timestamp(1)
    with pytest.raises(TypeError, match=r"^log\.info: expected an object as 'data', got array$"):
        lg.info("m", [1])
    with pytest.raises(TypeError, match=r"^log\.create_logger: expected a string as 'name', got null$"):
        lg.create_logger(None)
