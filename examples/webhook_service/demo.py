"""Drive the webhook service over HTTP: two tenants' rules, then rules that break the service's rules.

    python examples/webhook_service/demo.py

Starts the service in a real HTTP server on a free port, sends each request with httpx and prints
the request, the status and the JSON answer (without the run statistics, which differ per run). The
absolute path of the data folder is shown as ``$DATA`` so the output reads the same on every machine.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
from server_thread import serving
from webhook_app import create_app, demo_tenants

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"

STEAL = """// reads another tenant's file
import file;
result = file.read(tenant.data_dir + "/../globex/secret.json");
"""
SPIN = """// never ends
n = 0;
while (true) {
    n += 1;
}
"""
HOG = """// keeps copies of a big array until memory runs out
row = range(100000);
rows = [];
while (true) {
    rows.append(row + []);
}
"""
ESCAPE = """// tries to reach Python's object model
result = event.__class__;
"""
SNEAK = """// the same through getattr: ML values have no Python attributes to find
result = [getattr(event, "__class__"), getattr(tenant, "__init__"), hasattr(print, "__globals__")];
"""


def requests() -> list[tuple[str, str, str, Any]]:
    """(tenant, method, path, body) of the demo in order; a str body is a rule, other bodies are JSON."""
    rules = HERE / "rules"
    return [
        ("acme", "PUT", "/rules/order_total", (rules / "order_total.ml").read_text(encoding="utf-8")),
        ("acme", "POST", "/hooks/order_total",
         {"customer": "ada", "items": [{"sku": "gadget", "quantity": 8}, {"sku": "widget", "quantity": 4}]}),
        ("acme", "POST", "/hooks/order_total", {"customer": "bob", "items": [{"sku": "sprocket", "quantity": 1}]}),
        ("globex", "PUT", "/rules/alert_level", (rules / "alert_level.ml").read_text(encoding="utf-8")),
        ("globex", "POST", "/hooks/alert_level", {"metric": "cpu", "value": 93}),
        ("globex", "POST", "/hooks/order_total", {"customer": "eve", "items": []}),
        ("acme", "PUT", "/rules/steal", STEAL),
        ("acme", "POST", "/hooks/steal", {}),
        ("acme", "PUT", "/rules/spin", SPIN),
        ("acme", "POST", "/hooks/spin", {}),
        ("acme", "PUT", "/rules/hog", HOG),
        ("acme", "POST", "/hooks/hog", {}),
        ("acme", "PUT", "/rules/escape", ESCAPE),
        ("acme", "PUT", "/rules/sneak", SNEAK),
        ("acme", "POST", "/hooks/sneak", {}),
        ("nobody", "GET", "/rules", None),
        ("acme", "GET", "/rules", None),
    ]


def send(client: httpx.Client, tenant: str, method: str, path: str, body: Any) -> httpx.Response:
    """One request as ``tenant`` (the demo tokens are ``NAME-token``)."""
    headers = {"Authorization": f"Bearer {tenant}-token"}
    if isinstance(body, str):
        return client.request(method, path, content=body.encode(), headers=headers)
    return client.request(method, path, json=body, headers=headers)


def shown(response: httpx.Response) -> str:
    """The answer as the demo prints it: an ML error's text as a user reads it, other answers as JSON
    without ``stats``; the data folder as ``$DATA``."""
    answer = response.json()
    error = answer.get("error", {})
    if "text" in error:
        text = error["text"]
    else:
        answer.pop("stats", None)
        text = json.dumps(answer, ensure_ascii=False)
    return text.replace(str(DATA), "$DATA")


def main() -> list[str]:
    """Run the demo; the printed lines."""
    lines: list[str] = []
    with serving(create_app(demo_tenants(DATA))) as url, httpx.Client(base_url=url, timeout=30) as client:
        for tenant, method, path, body in requests():
            response = send(client, tenant, method, path, body)
            lines.append(f"{tenant}: {method} {path} -> {response.status_code}")
            lines.extend(f"    {line}" for line in shown(response).splitlines())
    return lines


if __name__ == "__main__":
    print("\n".join(main()))
