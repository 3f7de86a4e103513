"""Storage failures (full disk, lost network drive, read-only file …) as Dutch messages.

SQLite reports these as ``sqlite3.OperationalError`` / ``DatabaseError`` with an
English text and an error code; SQLAlchemy wraps them. :func:`explain` turns any of
them into one Dutch sentence the officer can act on, and :class:`StorageError` is
the :class:`~ivpdesk.domain.errors.DomainError` the unit of work raises instead, so
every caller (GUI, CLI, worker threads) shows a clear message rather than a crash.
"""

from __future__ import annotations

import sqlite3

from ivpdesk.domain.errors import DomainError


class StorageError(DomainError):
    """The database could not be read or written; nothing half-written was kept."""


def _sqlite_error(error: BaseException) -> BaseException:
    return getattr(error, "orig", None) or error


def error_name(error: BaseException) -> str:
    """SQLite's symbolic error name (``SQLITE_FULL`` …) when known, else ''."""
    return str(getattr(_sqlite_error(error), "sqlite_errorname", "") or "")


def explain(error: BaseException) -> str:
    """A Dutch explanation of a storage error, without a leading capital-letter subject."""
    original = _sqlite_error(error)
    name = error_name(error)
    text = str(original).lower()
    if name in ("SQLITE_READONLY_DBMOVED", "SQLITE_READONLY_DIRECTORY"):
        return ("de database is niet meer bereikbaar: de netwerkschijf is weggevallen of het "
                "bestand is verplaatst. Controleer de verbinding en open de database opnieuw.")
    if name == "SQLITE_READONLY_ROLLBACK" or "hot journal" in text:
        return ("de database is na een storing nog niet hersteld. Open hem één keer met "
                "schrijfrechten (of wacht tot uw collega hem sluit) en probeer het opnieuw.")
    if name.startswith("SQLITE_FULL") or ("disk" in text and "full" in text):
        return "de schijf is vol. Maak ruimte vrij en probeer het opnieuw."
    if name.startswith("SQLITE_NOTADB") or "not a database" in text:
        return "het bestand is geen database of is beschadigd."
    if name.startswith("SQLITE_CORRUPT") or "malformed" in text:
        return "het bestand is beschadigd. Zet een back-up terug."
    if name.startswith("SQLITE_READONLY") or "readonly" in text or "read-only" in text:
        return ("het bestand of de map is alleen-lezen. Open de database alleen-lezen of vraag "
                "schrijfrechten.")
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "locked" in text or "busy" in text:
        return "een ander programma houdt de database bezet. Probeer het over een minuut opnieuw."
    if name.startswith("SQLITE_CANTOPEN") or "unable to open" in text:
        return "het bestand of de map is niet bereikbaar. Controleer de (netwerk)schijf."
    if name.startswith("SQLITE_IOERR") or "disk i/o" in text:
        return ("lezen of schrijven van de schijf mislukte (netwerkschijf weggevallen of schijf "
                "vol?). Controleer de verbinding en probeer het opnieuw.")
    return str(original)


def os_error_text(error: OSError) -> str:
    """A Dutch phrase for a failed file operation ("de schijf is vol" …)."""
    import errno

    code = error.errno
    if code in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        return "de schijf is vol"
    if code in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "u hebt geen schrijfrechten (bestand of map alleen-lezen, of geopend in een ander programma)"
    if code in (errno.ENOENT, errno.ENOTDIR):
        return "de map bestaat niet (meer) of is niet bereikbaar"
    if code in (errno.EHOSTDOWN, errno.EHOSTUNREACH, errno.ENETUNREACH, errno.ETIMEDOUT, errno.ESTALE,
                errno.EIO):
        return "de (netwerk)schijf is niet bereikbaar"
    return error.strerror or str(error)


def is_storage_error(error: BaseException) -> bool:
    """Errors of the medium (disk, network, rights), not of our own SQL or data."""
    original = _sqlite_error(error)
    if not isinstance(original, sqlite3.Error):
        return False
    if isinstance(original, sqlite3.OperationalError):
        text = str(original).lower()
        # "no such table/column" and syntax errors are bugs, not the officer's problem.
        return not (text.startswith(("no such", "near ")) or "syntax error" in text)
    return isinstance(original, sqlite3.DatabaseError) and not isinstance(
        original, sqlite3.IntegrityError | sqlite3.ProgrammingError | sqlite3.InterfaceError
    )


def storage_error(error: BaseException, what: str = "De database") -> StorageError:
    """The Dutch error for a failed read or write (SQLite rolled the transaction back)."""
    return StorageError(f"{what} kon niet worden gelezen of bijgewerkt: {explain(error)} "
                        "Er is niets half opgeslagen; wat eerder was opgeslagen is bewaard.")
