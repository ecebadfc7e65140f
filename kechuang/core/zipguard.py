"""Refusing zip bombs before a reader opens an uploaded .xlsx (a zip of XML parts).

The sizes a zip's directory declares are the uploader's word; a 2 MB file that declares small members can
still inflate to gigabytes. :func:`check_zip_members` therefore decompresses every member as a stream, in
chunks, counting the bytes that really come out, and stops at the first member that inflates past
``KECHUANG_UPLOAD_MAX_RATIO`` times its compressed size (once it is past
``KECHUANG_UPLOAD_RATIO_FLOOR_BYTES``: tiny parts such as styles compress well and are harmless) or when
all members together pass ``KECHUANG_UPLOAD_MAX_UNCOMPRESSED_BYTES``. Memory stays at one chunk; the time
is bounded by the limit, not by what the file claims.

Real workbooks: a 100,000-row sheet is about 10–25 MB of XML compressed 8–20 times; the defaults
(1 GiB in all, ratio 200) leave a wide margin.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from kechuang.core.errors import ApplicationError

_CHUNK = 1024 * 1024


def max_uncompressed_bytes() -> int:
    return int(getattr(settings, "KECHUANG_UPLOAD_MAX_UNCOMPRESSED_BYTES", 1024 * 1024 * 1024))


def max_ratio() -> int:
    return int(getattr(settings, "KECHUANG_UPLOAD_MAX_RATIO", 200))


def ratio_floor_bytes() -> int:
    return int(getattr(settings, "KECHUANG_UPLOAD_RATIO_FLOOR_BYTES", 10 * 1024 * 1024))


def _bomb() -> ApplicationError:
    return ApplicationError(
        _(
            "文件解压后的内容异常庞大（可能是恶意构造的压缩文件），已拒绝导入。"
            "如确为正常工作簿，请拆分后分批导入。"
        ),
        extra={"field": "file", "code": "too_large_uncompressed"},
    )


def check_zip_members(path: str | Path) -> int:
    """Decompress every member of the zip at ``path`` as a stream and return the total uncompressed size;
    raise the user-facing :class:`ApplicationError` as soon as a limit is passed. ``zipfile.BadZipFile``
    (and ``OSError``) propagate for the caller's "not a workbook" message."""
    total_limit = max_uncompressed_bytes()
    ratio = max_ratio()
    floor = ratio_floor_bytes()
    total = 0
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            if info.is_dir():
                continue
            compressed = max(info.compress_size, 1)
            member = 0
            with archive.open(info) as stream:
                while True:
                    # read(n) returns at most n bytes of output however much the input inflates.
                    chunk = stream.read(_CHUNK)
                    if not chunk:
                        break
                    member += len(chunk)
                    total += len(chunk)
                    if total > total_limit:
                        raise _bomb()
                    if member > floor and member > compressed * ratio:
                        raise _bomb()
    return total
