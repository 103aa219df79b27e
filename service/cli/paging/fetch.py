"""One GET of a paging tool's JSON API, with its failures as one-line Rota errors."""

from __future__ import annotations

import json
from typing import Any

from scheduler import InputError, RotaError

TIMEOUT_SECONDS = 30


def get_json(url: str, headers: dict[str, str], refused: str = "the token was refused"
             ) -> dict[str, Any]:
    """The JSON object a GET answers; 401/403 are bad input (exit 2) saying `refused`, any
    other failure one line (exit 1)."""
    # urllib.request pulls in http.client and ssl: imported here, not when `rota` starts.
    import urllib.error
    import urllib.request

    request = urllib.request.Request(url, headers={"Accept": "application/json", **headers})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
            document = json.load(response)
    except urllib.error.HTTPError as exc:
        if exc.code in (401, 403):
            raise InputError(f"{url}: HTTP {exc.code}: {refused}") from None
        raise RotaError(f"{url}: HTTP {exc.code} {exc.reason}") from None
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise RotaError(f"{url}: cannot connect: {getattr(exc, 'reason', exc)}") from None
    except ValueError as exc:
        raise RotaError(f"{url}: the answer is not JSON: {exc}") from None
    if not isinstance(document, dict):
        raise RotaError(f"{url}: unexpected answer: not a JSON object")
    return document
