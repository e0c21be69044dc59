"""Fetching a file someone sent into a room: the download from the content repository, and in
an encrypted room the decryption with the key the event carried (see ``incoming.file_of``).

The download is read in pieces and given up as soon as it passes the limit: a file whose event
does not say its size (``info.size`` is optional, and a client may lie) is never held whole."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlparse

from nio import AsyncClient, DownloadError
from nio.api import Api
from nio.crypto.attachments import decrypt_attachment

from adapters.matrix.delivery import Retrier
from bot.adapter import DeliveryFailed, FileUnavailable, RateLimited
from bot.events import IncomingFile

PIECE = 64 * 1024


@dataclass(frozen=True)
class _Downloaded:
    """The file's bytes, or None when it turned out larger than the limit."""

    body: bytes | None


async def fetch_file(
    client: AsyncClient, retrier: Retrier, file: IncomingFile, limit: int
) -> bytes:
    """The bytes of ``file`` (decrypted); :class:`FileUnavailable` when the homeserver does not
    hand it out, it does not decrypt, or it is over ``limit`` bytes."""
    if file.size is not None and file.size > limit:
        raise FileUnavailable("too large", too_large=True)
    try:
        ref: dict[str, Any] = json.loads(file.ref)
        encrypted = ref.get("file")
        url = urlparse(str(encrypted["url"] if encrypted else ref["url"]))
    except (ValueError, KeyError, TypeError) as exc:
        raise FileUnavailable("not a file reference") from exc
    if url.scheme != "mxc" or not url.netloc or not url.path.strip("/"):
        raise FileUnavailable("not a file reference")
    method, path = Api.download(url.netloc, url.path.strip("/"), access_token=client.access_token)

    async def request() -> _Downloaded | DownloadError:
        return await _capped(client, method, path, limit)

    try:
        answer = await retrier.run(request, "download a file")
    except (DeliveryFailed, RateLimited) as exc:
        raise FileUnavailable(str(exc)) from exc
    if not isinstance(answer, _Downloaded):
        raise FileUnavailable("the homeserver did not hand out the file")
    if answer.body is None:
        raise FileUnavailable("too large", too_large=True)
    if not encrypted:
        return answer.body
    try:
        return decrypt_attachment(
            answer.body, encrypted["key"]["k"], encrypted["hashes"]["sha256"], encrypted["iv"]
        )
    except Exception as exc:  # a wrong key or hash: nio raises several kinds
        raise FileUnavailable(f"the file did not decrypt ({exc.__class__.__name__})") from exc


async def _capped(
    client: AsyncClient, method: str, path: str, limit: int
) -> _Downloaded | DownloadError:
    """One try: the body read piece by piece, stopped past ``limit``; a homeserver error as
    nio's :class:`DownloadError` (with the HTTP answer, for the retrier's 429/5xx rules)."""
    response = await client.send(method, path)
    try:
        if response.status != 200:
            try:
                body = await response.json(content_type=None)
            except ValueError:
                body = {}
            error = DownloadError.from_dict(body if isinstance(body, dict) else {})
            error.transport_response = response
            return error
        if (response.content_length or 0) > limit:
            return _Downloaded(None)
        pieces: list[bytes] = []
        size = 0
        async for piece in response.content.iter_chunked(PIECE):
            size += len(piece)
            if size > limit:
                return _Downloaded(None)
            pieces.append(piece)
        return _Downloaded(b"".join(pieces))
    finally:
        response.release()
