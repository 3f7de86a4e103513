"""Write a file so that a crash or a full disk never leaves half of it under the real name."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from ivpdesk.domain.errors import DomainError


class FileWriteError(DomainError):
    """The file could not be written; the message says why, in Dutch."""


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file next to ``path``, then rename it into place."""
    path = Path(path).expanduser().resolve()
    if not path.parent.is_dir():
        raise FileWriteError(f"De map {path.parent} bestaat niet.")
    try:
        handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as error:
        raise FileWriteError(f"Kan {path} niet schrijven: {error.strerror or error}.") from error
    temp = Path(temp_name)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
    except OSError as error:
        temp.unlink(missing_ok=True)
        raise FileWriteError(f"Kan {path} niet schrijven: {error.strerror or error}.") from error
