"""Canonical network addresses, so that a grant or deny rule matches however an address is written.

Host text is not an address: ``127.0.0.1`` is also ``127.1``, ``2130706433``, ``0x7f000001``,
``0177.0.0.1``, ``::ffff:127.0.0.1``, ``１２７．０．０．１`` (full-width digits and dots) and
``LOCALHOST.``; the resolver and the socket layer accept every one of them. Comparing host text
let a program pass a ``--deny-net`` rule by writing the address another way. ``canonical_host``
maps each form to one spelling:

- Unicode is normalised (NFKC: full-width letters, digits and dots become ASCII) and lower-cased;
  trailing dots are dropped; the ideographic and full-width dots separate labels too;
- an IPv4 literal in any form ``inet_aton`` accepts (1 to 4 parts, each decimal, ``0x`` hex or
  ``0``-prefixed octal, the last part filling the remaining bytes) becomes dotted-quad;
- an IPv6 literal becomes its compressed form, and an IPv4-mapped one (``::ffff:a.b.c.d``) the
  IPv4 address it reaches;
- any other name becomes its IDNA (punycode) ASCII form, label by label.

``resolve`` turns a name into the addresses a connection would use (canonical too), so that the
caller can check the address it really connects to (see ``mlpy.stdlib.http_bridge``), and connect to
exactly that address: a DNS answer that changes between the check and the connection (DNS
rebinding) cannot move the connection elsewhere.
"""

from __future__ import annotations

import ipaddress
import re
import unicodedata

_LABEL_DOTS = re.compile("[\u3002\uff0e\uff61]")
_IPV4_PART = re.compile(r"(0[xX][0-9a-fA-F]*|0[0-7]*|[1-9][0-9]*)")


def _ipv4_number(part: str) -> int | None:
    """The value of one ``inet_aton`` part (decimal, ``0x`` hex, ``0`` octal), or None."""
    if not _IPV4_PART.fullmatch(part):
        return None
    if part[:2].lower() == "0x":
        return int(part[2:] or "0", 16)
    if len(part) > 1 and part[0] == "0":
        return int(part, 8)
    return int(part)


def parse_ipv4(text: str) -> str | None:
    """``text`` as a dotted-quad IPv4 address if it is an IPv4 literal in any form, else None."""
    parts = text.split(".")
    if not 1 <= len(parts) <= 4:
        return None
    numbers = [_ipv4_number(part) for part in parts]
    if any(number is None for number in numbers):
        return None
    values = [int(number) for number in numbers]  # type: ignore[arg-type]
    *leading, last = values
    if any(value > 255 for value in leading) or last >= 1 << (8 * (5 - len(values))):
        return None
    address = 0
    for value in leading:
        address = address << 8 | value
    address = address << (8 * (5 - len(values))) | last
    return str(ipaddress.IPv4Address(address))


def parse_ip(text: str) -> str | None:
    """The canonical form of an IP literal (brackets allowed around IPv6), or None for a name."""
    candidate = text[1:-1] if text.startswith("[") and text.endswith("]") else text
    if ":" in candidate:
        try:
            address = ipaddress.IPv6Address(candidate.split("%", 1)[0])
        except ValueError:
            return None
        mapped = address.ipv4_mapped
        return str(mapped) if mapped is not None else str(address)
    return parse_ipv4(candidate)


def canonical_host(text: str) -> str:
    """One spelling for every way of writing a host (see the module docstring).

    Raises ``ValueError`` for text that is no host name (empty labels, characters IDNA refuses).
    """
    host = unicodedata.normalize("NFKC", text.strip())
    host = _LABEL_DOTS.sub(".", host).lower().rstrip(".")
    if not host:
        raise ValueError(f"bad host '{text}'")
    literal = parse_ip(host)
    if literal is not None:
        return literal
    if host.isascii():
        labels = host.split(".")
        if any(not label for label in labels):
            raise ValueError(f"bad host '{text}'")
        return host
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        raise ValueError(f"bad host '{text}' (not a valid international domain name)") from None


def is_ip(host: str) -> bool:
    """Whether a canonical host is an IP address rather than a name."""
    return parse_ip(host) == host


def resolve(host: str, port: int) -> list[str]:
    """The canonical addresses a TCP connection to ``host:port`` may use, in resolver order.

    An IP literal resolves to itself. Raises ``OSError`` when the name does not resolve.
    """
    canonical = canonical_host(host)
    if is_ip(canonical):
        return [canonical]
    import socket  # only here: the socket layer costs start-up for every run

    found: list[str] = []
    for *_, sockaddr in socket.getaddrinfo(canonical, port, type=socket.SOCK_STREAM):
        address = parse_ip(str(sockaddr[0]))
        if address is not None and address not in found:
            found.append(address)
    return found


__all__ = ["canonical_host", "is_ip", "parse_ip", "parse_ipv4", "resolve"]
