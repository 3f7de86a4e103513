"""Write a file so that a crash or a full disk never leaves half of it under the real name.

The one place that does "temporary file next to the target, fsync, rename": JSON and
report exports, PDFs, Excel workbooks, agenda files and autostart files all come here,
so they all get the same safety and the same Dutch messages.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from ivpdesk.domain.errors import DomainError
from ivpdesk.store.errors import os_error_text


class FileWriteError(DomainError):
    """The file could not be written; the message says why, in Dutch."""


def write_atomically(
    path: Path,
    data: bytes | bytearray | memoryview,
    *,
    error: type[DomainError] = FileWriteError,
    in_use_message: str | None = None,
) -> None:
    """Write ``data`` to a temporary file next to ``path``, then rename it into place.

    ``error`` is the DomainError subclass raised (ReportError, ExportError …);
    ``in_use_message`` replaces the message when the target cannot be replaced (on
    Windows: the file is open in Excel or a PDF reader).
    """
    path = Path(path).expanduser().resolve()
    if not path.parent.is_dir():
        raise error(f"De map {path.parent} bestaat niet. Kies een andere map.")
    try:
        handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as failure:
        raise error(f"In de map {path.parent} kan niet worden geschreven: "
                    f"{os_error_text(failure)}.") from failure
    temp = Path(temp_name)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
    except PermissionError as failure:
        temp.unlink(missing_ok=True)
        raise error(in_use_message or f"Kan {path} niet schrijven: {os_error_text(failure)}.") \
            from failure
    except OSError as failure:
        temp.unlink(missing_ok=True)
        raise error(f"Kan {path} niet schrijven: {os_error_text(failure)}. Er is geen half "
                    "bestand achtergebleven.") from failure
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
