"""Authentication of compile cache entries: a MAC keyed by a per-user secret.

A cache entry is unmarshalled into a Python code object and executed, so whoever can write one
can run Python in the host. The cache folder is protected from ML programs (no write grant covers
it), and on top of that every entry carries a MAC: keyed BLAKE2b (a MAC by design, RFC 7693) over
the entry's name and contents, keyed by a 32-byte secret. An entry whose MAC does not verify is
ignored and the program recompiled -- it is never unmarshalled.

The secret lives in ``mlpy.settings.config_dir()/cache.key`` (``~/.config/mlpy``), outside the
cache folder and protected from every grant, read as well as write. It is created atomically
(written to a private temporary file with mode 0600, then linked into place, so two processes
starting together agree on one secret) and used only when it is a regular file owned by the
current user that nobody else can read or write, in a folder nobody else can write. A key file with
wrong permissions is replaced by a new secret (older entries then simply miss); a folder owned by
someone else means no usable secret, and the cache is then not used at all.

Cost: loading the secret is one ``open``/``fstat``/``read`` per process; sealing or checking an
entry is one BLAKE2b pass over a few kilobytes (microseconds). ``hashlib`` and ``hmac`` are not
imported: they would load OpenSSL, milliseconds of every ``mlpy run``.
"""

from __future__ import annotations

import contextlib
import os
import stat
import threading
from pathlib import Path

from mlpy import settings

KEY_BYTES = 32
MAC_BYTES = 32
KEY_FILE_NAME = "cache.key"

_lock = threading.Lock()
_secret: bytes | None = None
_secret_generation = -1
"""``settings.generation()`` when ``_secret`` was loaded: re-read settings may move the key."""


def key_path() -> Path:
    """Where the per-user secret is kept."""
    return settings.config_dir() / KEY_FILE_NAME


try:
    from _blake2 import blake2b as _blake2b_type  # CPython's built-in module: no OpenSSL
except ImportError:  # pragma: no cover - other interpreters
    from hashlib import blake2b as _blake2b_type


def _blake2b(data: bytes, key: bytes) -> bytes:
    return _blake2b_type(data, key=key, digest_size=MAC_BYTES).digest()


try:
    from _operator import _compare_digest as _equal  # what hmac.compare_digest is, without OpenSSL
except ImportError:  # pragma: no cover - other interpreters
    from hmac import compare_digest as _equal  # type: ignore[no-redef, unused-ignore]


_POSIX = hasattr(os, "geteuid")
"""Owner and mode checks apply on POSIX systems; on Windows the profile folder's ACLs decide."""
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def _private_folder(folder: Path) -> bool:
    """Make ``folder`` exist; True when it belongs to this user and nobody else can write it
    (a folder of ours that others could write is closed to them first)."""
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        info = os.lstat(folder)
    except OSError:
        return False
    if not _POSIX:
        return stat.S_ISDIR(info.st_mode)
    uid = os.geteuid()
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != uid:
        return False
    if info.st_mode & 0o022:
        try:
            os.chmod(folder, stat.S_IMODE(info.st_mode) & ~0o077)
        except OSError:
            return False
    return True


def _read_key(path: Path) -> bytes | None:
    """The secret if ``path`` is a regular file of ours, private, of the right size; else None."""
    try:
        fd = os.open(path, os.O_RDONLY | _NOFOLLOW | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0))
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size != KEY_BYTES:
            return None
        if _POSIX and (info.st_uid != os.geteuid() or info.st_mode & 0o077):
            return None
        data = os.read(fd, KEY_BYTES + 1)
    except OSError:
        return None
    finally:
        os.close(fd)
    return data if len(data) == KEY_BYTES else None


def _new_key(path: Path) -> bytes | None:
    """Create a secret at ``path`` atomically; the one another process made first wins."""
    secret = os.urandom(KEY_BYTES)
    tmp = path.with_name(f".{KEY_FILE_NAME}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | getattr(os, "O_BINARY", 0), 0o600)
    except OSError:
        return None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(secret)
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(tmp, path)  # fails when the key exists: someone else was first
        except FileExistsError:
            existing = _read_key(path)
            if existing is not None:
                return existing
            os.replace(tmp, path)  # the existing key is unusable (permissions, size): replace it
        return secret
    except OSError:
        return None
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)


def secret() -> bytes | None:
    """The per-user cache secret (loaded or created on first use), or None when no private place
    for it exists -- the cache is then not used."""
    global _secret, _secret_generation
    if _secret is not None and _secret_generation == settings.generation():
        return _secret or None
    with _lock:
        if _secret is None or _secret_generation != settings.generation():
            path, value = key_path(), None
            if _private_folder(path.parent):
                value = _read_key(path) or _new_key(path)
            _secret, _secret_generation = value or b"", settings.generation()
    return _secret or None


def forget() -> None:
    """Drop the secret loaded in this process (tests; a host that moved its settings)."""
    global _secret
    with _lock:
        _secret = None


def seal(name: str, payload: bytes) -> bytes | None:
    """``payload`` with its MAC in front (bound to the entry's ``name``), or None without a secret."""
    key = secret()
    if key is None:
        return None
    return _blake2b(name.encode() + b"\0" + payload, key) + payload


def unseal(name: str, data: bytes) -> bytes | None:
    """The payload of a sealed entry when its MAC verifies for ``name``; None otherwise."""
    key = secret()
    if key is None or len(data) < MAC_BYTES:
        return None
    mac, payload = data[:MAC_BYTES], data[MAC_BYTES:]
    if not _equal(mac, _blake2b(name.encode() + b"\0" + payload, key)):
        return None
    return payload


__all__ = ["KEY_FILE_NAME", "forget", "key_path", "seal", "secret", "unseal"]
