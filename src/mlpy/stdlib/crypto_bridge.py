"""The ML ``crypto`` module: hashes, HMACs, UUIDs and cryptographically secure random values.

Hashes return lowercase hex digests of the UTF-8 text; ``sha256(data, salt)`` hashes ``salt + data``.
Random values come from ``secrets`` (the OS generator), never from the seedable ``random`` module.
``random_bytes`` returns byte data as an array of numbers 0-255. ``hash_file`` reads a file and so
checks the read grant against the resolved path inside the function. ``uuid_from_string`` is a
version 5 (SHA-1, name-based) UUID in the DNS namespace unless another namespace is given: ``"dns"``,
``"url"``, ``"oid"``, ``"x500"`` or a UUID string.
"""

from __future__ import annotations

import hashlib as _hashlib
import hmac as _hmac
import secrets as _secrets
import string as _string
import uuid as _uuid

from mlpy.modules.bridge_support import bytes_to_ml, expect_int, expect_str, os_error, require_path
from mlpy.modules.decorators import ml_function, ml_module
from mlpy.runtime.guards import charge_work

_HASH = ["crypto.hash"]
_RANDOM = ["crypto.random"]
_ALGORITHMS = ("md5", "sha1", "sha224", "sha256", "sha384", "sha512", "sha3_256", "sha3_512", "blake2b")
_MAX_RANDOM = 1 << 20
_NAMESPACES = {
    "dns": _uuid.NAMESPACE_DNS,
    "url": _uuid.NAMESPACE_URL,
    "oid": _uuid.NAMESPACE_OID,
    "x500": _uuid.NAMESPACE_X500,
}
_ALPHANUMERIC = _string.ascii_letters + _string.digits


def _algorithm(function: str, name: object) -> str:
    algorithm = expect_str(function, "algorithm", name).lower().replace("-", "")
    if algorithm not in _ALGORITHMS:
        raise ValueError(f"{function}: unknown algorithm '{name}' (use one of {', '.join(_ALGORITHMS)})")
    return algorithm


def _length(function: str, value: object) -> int:
    size = expect_int(function, "length", value)
    if not 0 <= size <= _MAX_RANDOM:
        raise ValueError(f"{function}: length must be between 0 and {_MAX_RANDOM}, got {size}")
    return size


def _digest(function: str, algorithm: str, data: object, salt: object) -> str:
    text = expect_str(function, "data", data)
    prefix = expect_str(function, "salt", salt)
    return _hashlib.new(algorithm, (prefix + text).encode("utf-8")).hexdigest()


@ml_module(
    name="crypto",
    description="Hashing, HMAC, UUIDs and secure random values",
    capabilities=["crypto.hash", "crypto.random"],
    version="1.0.0",
)
class Crypto:
    """Cryptographic helpers backed by hashlib, hmac, uuid and secrets."""

    @ml_function(description="SHA-256 hex digest of salt + data", capabilities=_HASH)
    def sha256(self, data: str, salt: str = "") -> str:
        return _digest("crypto.sha256", "sha256", data, salt)

    @ml_function(description="SHA-1 hex digest of salt + data", capabilities=_HASH)
    def sha1(self, data: str, salt: str = "") -> str:
        return _digest("crypto.sha1", "sha1", data, salt)

    @ml_function(description="MD5 hex digest of salt + data (not for security)", capabilities=_HASH)
    def md5(self, data: str, salt: str = "") -> str:
        return _digest("crypto.md5", "md5", data, salt)

    @ml_function(description="Hex digest of a file's bytes (needs the read grant)",
                 capabilities=["crypto.hash", "file.read"])
    def hash_file(self, file_path: str, algorithm: str = "sha256") -> str:
        path = expect_str("crypto.hash_file", "file_path", file_path)
        name = _algorithm("crypto.hash_file", algorithm)
        resolved = require_path("read", path, "crypto.hash_file", "file_path")
        digest = _hashlib.new(name)
        try:
            with open(resolved, "rb") as handle:
                for block in iter(lambda: handle.read(65536), b""):
                    digest.update(block)
                    charge_work()  # an endless file (a device) still stops at the run's limits
        except OSError as exc:
            raise os_error("crypto.hash_file", path, exc) from None
        return digest.hexdigest()

    @ml_function(description="A random (version 4) UUID", capabilities=_RANDOM)
    def uuid(self) -> str:
        return str(_uuid.uuid4())

    @ml_function(description="A name-based (version 5) UUID; DNS namespace unless another is given",
                 capabilities=_HASH)
    def uuid_from_string(self, data: str, namespace: str | None = None) -> str:
        name = expect_str("crypto.uuid_from_string", "data", data)
        if namespace is None:
            space = _uuid.NAMESPACE_DNS
        else:
            label = expect_str("crypto.uuid_from_string", "namespace", namespace)
            known = _NAMESPACES.get(label.lower())
            try:
                space = known if known is not None else _uuid.UUID(label)
            except ValueError:
                raise ValueError(f"crypto.uuid_from_string: namespace must be dns, url, oid, x500 "
                                 f"or a UUID, got '{label}'") from None
        return str(_uuid.uuid5(space, name))

    @ml_function(description="length secure random bytes as an array of numbers 0-255",
                 capabilities=_RANDOM)
    def random_bytes(self, length: int) -> list[int]:
        return bytes_to_ml(_secrets.token_bytes(_length("crypto.random_bytes", length)))

    @ml_function(description="A secure random hex string of length characters", capabilities=_RANDOM)
    def random_hex(self, length: int) -> str:
        size = _length("crypto.random_hex", length)
        return _secrets.token_hex((size + 1) // 2)[:size]

    @ml_function(description="A secure random string of letters and digits", capabilities=_RANDOM)
    def random_string(self, length: int) -> str:
        size = _length("crypto.random_string", length)
        return "".join(_secrets.choice(_ALPHANUMERIC) for _ in range(size))

    @ml_function(description="A secure random integer in [min_val, max_val]", capabilities=_RANDOM)
    def random_int(self, min_val: int, max_val: int) -> int:
        low = expect_int("crypto.random_int", "min_val", min_val)
        high = expect_int("crypto.random_int", "max_val", max_val)
        if low > high:
            raise ValueError(f"crypto.random_int: min_val ({low}) is greater than max_val ({high})")
        return low + _secrets.randbelow(high - low + 1)

    @ml_function(description="A secure random float in [0, 1)", capabilities=_RANDOM)
    def random_float(self) -> float:
        return _secrets.randbits(53) / (1 << 53)

    @ml_function(description="Compare two hashes in constant time", capabilities=_HASH)
    def compare_hash(self, hash1: str, hash2: str) -> bool:
        first = expect_str("crypto.compare_hash", "hash1", hash1)
        second = expect_str("crypto.compare_hash", "hash2", hash2)
        return _hmac.compare_digest(first.encode("utf-8"), second.encode("utf-8"))

    @ml_function(description="HMAC hex digest of message with key", capabilities=_HASH)
    def hmac(self, message: str, key: str, algorithm: str = "sha256") -> str:
        text = expect_str("crypto.hmac", "message", message)
        secret = expect_str("crypto.hmac", "key", key)
        name = _algorithm("crypto.hmac", algorithm)
        return _hmac.new(secret.encode("utf-8"), text.encode("utf-8"), name).hexdigest()

    @ml_function(description="Whether signature is the HMAC of message with key (constant time)",
                 capabilities=_HASH)
    def verify_hmac(self, message: str, signature: str, key: str, algorithm: str = "sha256") -> bool:
        expected = self.hmac(message, key, algorithm)
        given = expect_str("crypto.verify_hmac", "signature", signature)
        return _hmac.compare_digest(expected.encode("utf-8"), given.lower().encode("utf-8"))


crypto = Crypto()
