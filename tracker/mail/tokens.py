"""Reply tokens: proof that a reply answers a message we sent, since From is easy to forge.

A token is an HMAC of a reference (a task code, or a message's serial) under the app's
secret. It travels in the plus-address we ask agencies to reply to
(tracker+NV-2021-0042.k3j9x0a1bc@…) and in our Message-IDs (<m-81.k3j9x0a1bc@…>), which
every client quotes back in In-Reply-To/References.
"""
from __future__ import annotations

import hashlib
import hmac
import re

TOKEN_LENGTH = 12
_PLUS = re.compile(r"^(?P<local>[^+@]+)\+(?P<ref>[A-Za-z0-9-]+)\.(?P<token>[a-z0-9]+)@(?P<domain>.+)$")
_OUR_ID = re.compile(r"^<?(?P<ref>[A-Za-z0-9-]+)\.(?P<token>[a-z0-9]+)@(?P<domain>[^>]+)>?$")


def reply_token(secret: str, reference: str) -> str:
    digest = hmac.new(secret.encode(), reference.upper().encode(), hashlib.sha256).hexdigest()
    return digest[:TOKEN_LENGTH]


def is_valid(secret: str, reference: str, token: str) -> bool:
    return hmac.compare_digest(reply_token(secret, reference), token.lower())


def plus_address(mailbox: str, secret: str, reference: str) -> str:
    """tracker@ubnd.vn → tracker+NV-2021-0042.<token>@ubnd.vn"""
    local, _, domain = mailbox.partition("@")
    return f"{local}+{reference}.{reply_token(secret, reference)}@{domain}"


def read_plus_address(address: str) -> tuple[str, str] | None:
    """(reference, token) from a plus-address, or None."""
    match = _PLUS.match(address.strip().lower())
    return (match.group("ref").upper(), match.group("token")) if match else None


def message_id(secret: str, reference: str, domain: str) -> str:
    return f"<{reference}.{reply_token(secret, reference)}@{domain}>"


def read_message_id(value: str, domain: str) -> tuple[str, str] | None:
    """(reference, token) from one of our Message-IDs, or None for anyone else's."""
    match = _OUR_ID.match(value.strip())
    if not match or match.group("domain").lower() != domain.lower():
        return None
    return match.group("ref").upper(), match.group("token")
