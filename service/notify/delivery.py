"""Sending one message: personal messages by SMTP, channel posts through Apprise.

Email goes through plain smtplib, not Apprise's mailto://, because it is the path that delivers
reliably to any SMTP server, a bare local one included (`smtp://host:port`, no login, no TLS).
The channel URL(s) come from the environment variable the team file names, so a Slack webhook or
Teams URL (a secret) never sits in the team file. Apprise is imported only when a post is sent.
"""

from __future__ import annotations

import logging
import os
import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from urllib.parse import unquote, urlsplit

from service.notify.messages import Message

SMTP_ENV, FROM_ENV = "ROTA_SMTP_URL", "ROTA_MAIL_FROM"
SMTP_TIMEOUT = 20.0


class DeliveryError(Exception):
    """A message did not go out; the text is the one line a user sees."""


def send_email(message: Message, environ: os._Environ[str] | dict[str, str] | None = None
               ) -> None:
    env = os.environ if environ is None else environ
    url = env.get(SMTP_ENV, "").strip()
    if not url:
        raise DeliveryError(f"{SMTP_ENV} is not set; personal messages need an SMTP server")
    sender = env.get(FROM_ENV, "").strip() or "rota@localhost"
    parts = urlsplit(url)
    if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
        raise DeliveryError(f"{SMTP_ENV}: expected smtp://[user:password@]host:port or "
                            f"smtps://..., got scheme {parts.scheme!r}")
    mail = EmailMessage()
    mail["From"], mail["To"], mail["Subject"] = sender, message.address, message.subject
    mail["Date"], mail["Message-ID"] = formatdate(localtime=False), make_msgid("rota")
    mail.set_content(message.body)
    try:
        port = parts.port or (465 if parts.scheme == "smtps" else 25)
        client: smtplib.SMTP = (
            smtplib.SMTP_SSL(parts.hostname, port, timeout=SMTP_TIMEOUT,
                             context=ssl.create_default_context())
            if parts.scheme == "smtps" else smtplib.SMTP(parts.hostname, port,
                                                         timeout=SMTP_TIMEOUT))
        with client:
            if parts.scheme == "smtp" and client.has_extn("starttls"):
                client.starttls(context=ssl.create_default_context())
            if parts.username:
                client.login(unquote(parts.username), unquote(parts.password or ""))
            client.send_message(mail)
    except (OSError, smtplib.SMTPException) as exc:
        where = f"{parts.hostname}:{parts.port or ''}"
        raise DeliveryError(f"SMTP {where}: {_one_line(exc)}") from None


def post_to_channel(message: Message, channel_env: str,
                    environ: os._Environ[str] | dict[str, str] | None = None) -> None:
    env = os.environ if environ is None else environ
    urls = env.get(channel_env, "").strip()
    if not urls:
        raise DeliveryError(f"channel: environment variable {channel_env} (notify.channel_env) "
                            "is not set")
    import apprise  # slow to import; only a run that posts needs it

    # Apprise logs why a post failed; capture it for the one error line instead of letting
    # Python's last-resort handler print it beside ours.
    with apprise.LogCapture(level=logging.WARNING, fmt="%(message)s") as log:
        target = apprise.Apprise()
        if not target.add(urls):
            raise DeliveryError(f"channel: {channel_env} holds no URL Apprise understands")
        delivered = bool(target.notify(body=message.body, title=message.subject))
        reason = [line for line in log.getvalue().splitlines() if line.strip()]
    if not delivered:
        why = f": {reason[-1].strip()}" if reason else ""
        raise DeliveryError(f"channel {channel_env}: Apprise could not deliver{why}")


def _one_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0] or type(exc).__name__
