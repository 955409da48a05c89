"""Tests of the ML ``crypto`` module."""

from __future__ import annotations

import hashlib
import hmac
import re
import uuid
from contextlib import contextmanager

import pytest

from mlpy.errors import MLCapabilityError
from mlpy.runtime.capabilities import Grants
from mlpy.runtime.context import ExecutionContext, use
from mlpy.stdlib.crypto_bridge import crypto


@contextmanager
def granted(*capabilities: str):
    """Run the block with exactly these grants active."""
    with use(ExecutionContext(grants=Grants.from_strings(list(capabilities)))):
        yield


def test_hashes_hash_salt_then_data():
    assert crypto.sha256("abc") == hashlib.sha256(b"abc").hexdigest()
    assert crypto.sha256("data", "salt") == hashlib.sha256(b"saltdata").hexdigest()
    assert crypto.sha1("x", "y") == hashlib.sha1(b"yx").hexdigest()
    assert crypto.md5("") == "d41d8cd98f00b204e9800998ecf8427e"
    assert crypto.sha256("é") == hashlib.sha256("é".encode()).hexdigest()


def test_uuids():
    assert uuid.UUID(crypto.uuid()).version == 4
    assert crypto.uuid() != crypto.uuid()
    assert crypto.uuid_from_string("example.com") == "cfbff0d1-9375-5685-968c-48ce8b15ae17"
    assert crypto.uuid_from_string("x", "url") == str(uuid.uuid5(uuid.NAMESPACE_URL, "x"))
    custom = "12345678-1234-5678-1234-567812345678"
    assert crypto.uuid_from_string("x", custom) == str(uuid.uuid5(uuid.UUID(custom), "x"))


def test_random_values():
    data = crypto.random_bytes(16)
    assert isinstance(data, list) and len(data) == 16 and all(0 <= b <= 255 for b in data)
    assert crypto.random_bytes(0) == []
    assert re.fullmatch(r"[0-9a-f]{7}", crypto.random_hex(7))
    assert re.fullmatch(r"[A-Za-z0-9]{20}", crypto.random_string(20))
    for _ in range(50):
        assert 3 <= crypto.random_int(3, 5) <= 5
        assert 0 <= crypto.random_float() < 1
    assert crypto.random_int(7, 7) == 7


def test_compare_and_hmac():
    assert crypto.compare_hash("abc", "abc") and not crypto.compare_hash("abc", "abd")
    expected = hmac.new(b"key", b"msg", "sha256").hexdigest()
    assert crypto.hmac("msg", "key") == expected
    assert crypto.hmac("msg", "key", "sha1") == hmac.new(b"key", b"msg", "sha1").hexdigest()
    assert crypto.verify_hmac("msg", expected, "key")
    assert crypto.verify_hmac("msg", expected.upper(), "key")
    assert not crypto.verify_hmac("msg", expected, "other")


def test_bad_input():
    with pytest.raises(TypeError, match=r"^crypto\.sha256: expected a string as 'data', got number$"):
        crypto.sha256(5)
    with pytest.raises(ValueError, match=r"^crypto\.hmac: unknown algorithm 'rot13'"):
        crypto.hmac("m", "k", "rot13")
    with pytest.raises(ValueError, match=r"crypto\.random_bytes: length must be between 0 and 1048576, got -1"):
        crypto.random_bytes(-1)
    with pytest.raises(ValueError, match=r"crypto\.random_int: min_val \(2\) is greater than max_val \(1\)"):
        crypto.random_int(2, 1)
    with pytest.raises(ValueError, match=r"crypto\.uuid_from_string: namespace must be dns, url, oid, x500 or a UUID, got 'nope'"):
        crypto.uuid_from_string("x", "nope")


def test_hash_file_needs_the_read_grant(tmp_path):
    target = tmp_path / "data.bin"
    target.write_bytes(b"hello")
    with granted(), pytest.raises(MLCapabilityError) as info:
        crypto.hash_file(str(target))
    assert "crypto.hash_file" in str(info.value.message) and "--allow-read" in info.value.message
    with granted(f"read:{tmp_path}"):
        assert crypto.hash_file(str(target)) == hashlib.sha256(b"hello").hexdigest()
        assert crypto.hash_file(str(target), "md5") == hashlib.md5(b"hello").hexdigest()
        with pytest.raises(ValueError, match=r"crypto\.hash_file: no such file or directory: '.*missing'"):
            crypto.hash_file(str(tmp_path / "missing"))


def test_hash_file_refuses_paths_leaving_the_grant(tmp_path):
    inside = tmp_path / "inside"
    inside.mkdir()
    secret = tmp_path / "secret.txt"
    secret.write_text("s")
    (inside / "link").symlink_to(secret)
    with granted(f"read:{inside}"):
        with pytest.raises(MLCapabilityError):
            crypto.hash_file(str(inside / ".." / "secret.txt"))
        with pytest.raises(MLCapabilityError):
            crypto.hash_file(str(inside / "link"))
