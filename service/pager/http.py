"""One HTTP exchange with a paging tool, with the retry policy every client shares.

A 429 waits as long as the tool's Retry-After says (seconds or an HTTP date), else backs off;
a 5xx is retried a few times; anything else that is not 2xx, and a network error, becomes one
PagerError line naming the status, the tool's own message and, when given, the row. Clients pass
`sleep` through so tests can observe the waits without spending them.
"""

from __future__ import annotations

import email.utils
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import httpx

from service.pager.base import PagerError

ATTEMPTS = 4  # one try and three retries for a 429 or a 5xx
BACKOFF_SECONDS = 1.0  # first wait when the tool gives no Retry-After; doubles each retry
MAX_WAIT_SECONDS = 60.0  # a Retry-After longer than this is cut: push is run by hand or cron


def send(
    client: httpx.Client,
    method: str,
    url: str,
    *,
    row: str | None = None,
    sleep: Callable[[float], None] = time.sleep,
    **kwargs: Any,
) -> httpx.Response:
    """Send one request, retrying 429 and 5xx; return a 2xx response or raise PagerError."""
    for attempt in range(ATTEMPTS):
        try:
            response = client.request(method, url, **kwargs)
        except httpx.HTTPError as error:
            raise PagerError(_line(f"network error: {error}", url, row)) from error
        retryable = response.status_code == 429 or response.status_code >= 500
        if not retryable or attempt == ATTEMPTS - 1:
            break
        sleep(_wait(response, attempt))
    if response.is_success:
        return response
    message = f"HTTP {response.status_code}: {tool_message(response)}"
    raise PagerError(_line(message, url, row), status=response.status_code)


def _line(message: str, url: str, row: str | None) -> str:
    where = f" (row {row})" if row else ""
    return f"{message} from {httpx.URL(url).path}{where}"


def _wait(response: httpx.Response, attempt: int) -> float:
    """Seconds to wait before retrying: the tool's Retry-After, else an exponential backoff."""
    backoff = BACKOFF_SECONDS * 2**attempt
    header = response.headers.get("Retry-After")
    if header is None:
        return backoff
    header = header.strip()
    if header.isdigit():
        return min(float(header), MAX_WAIT_SECONDS)
    try:
        when = email.utils.parsedate_to_datetime(header)
    except (TypeError, ValueError):
        return backoff
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return min(max((when - datetime.now(UTC)).total_seconds(), 0.0), MAX_WAIT_SECONDS)


def tool_message(response: httpx.Response) -> str:
    """The tool's own words for a refusal, on one line (JSON `error.message`/`message`, else text)."""
    try:
        body = response.json()
    except ValueError:
        body = None
    text = _message_in(body) if body is not None else response.text
    one_line = " ".join(str(text).split())
    return one_line[:300] or response.reason_phrase


def _message_in(body: Any) -> str:
    if isinstance(body, dict):
        error = body.get("error")
        if isinstance(error, dict):
            parts = [str(error.get("message", ""))]
            errors = error.get("errors")
            if isinstance(errors, list):
                parts += [str(e) for e in errors]
            return ": ".join(p for p in parts if p)
        if isinstance(error, str):
            return error
        for key in ("message", "errors", "detail"):
            if key in body:
                return str(body[key])
    return str(body)
