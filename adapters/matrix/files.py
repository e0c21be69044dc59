"""Fetching a file someone sent into a room: the download from the content repository, and in
an encrypted room the decryption with the key the event carried (see ``incoming.file_of``)."""

from __future__ import annotations

import json
from typing import Any

from nio import AsyncClient, DownloadError, MemoryDownloadResponse
from nio.crypto.attachments import decrypt_attachment

from adapters.matrix.delivery import Retrier
from bot.adapter import DeliveryFailed, FileUnavailable, RateLimited
from bot.events import IncomingFile


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
        url = str(encrypted["url"] if encrypted else ref["url"])
    except (ValueError, KeyError, TypeError) as exc:
        raise FileUnavailable("not a file reference") from exc

    async def request() -> Any:
        return await client.download(mxc=url)

    try:
        answer = await retrier.run(request, "download a file")
    except (DeliveryFailed, RateLimited) as exc:
        raise FileUnavailable(str(exc)) from exc
    if isinstance(answer, DownloadError) or not isinstance(answer, MemoryDownloadResponse):
        raise FileUnavailable("the homeserver did not hand out the file")
    data = bytes(answer.body)
    if len(data) > limit:
        raise FileUnavailable("too large", too_large=True)
    if not encrypted:
        return data
    try:
        return decrypt_attachment(
            data, encrypted["key"]["k"], encrypted["hashes"]["sha256"], encrypted["iv"]
        )
    except Exception as exc:  # a wrong key or hash: nio raises several kinds
        raise FileUnavailable(f"the file did not decrypt ({exc.__class__.__name__})") from exc
