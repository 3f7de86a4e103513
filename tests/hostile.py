"""Real hostile places for files: read-only folders and files, a full disk.

Permission bits do not stop root (CI containers often run as root), so as root the
helpers use what does: a read-only bind mount, the immutable attribute, a tiny
tmpfs. As a normal user, chmod and a size limit (RLIMIT_FSIZE) do the same job.
Each helper checks that writing really fails before handing the place to a test.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import subprocess
from collections.abc import Iterator
from pathlib import Path


def _run(*args: str) -> bool:
    return subprocess.run(list(args), capture_output=True).returncode == 0


def is_root() -> bool:
    return os.geteuid() == 0


def can_mount(probe_parent: Path) -> bool:
    """Whether this process may mount a tmpfs (root with CAP_SYS_ADMIN)."""
    if not is_root() or shutil.which("mount") is None:
        return False
    probe = probe_parent / ".mount-probe"
    probe.mkdir(exist_ok=True)
    try:
        if not _run("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(probe)):
            return False
        _run("umount", str(probe))
        return True
    finally:
        with contextlib.suppress(OSError):
            probe.rmdir()


def _assert_unwritable(folder: Path) -> None:
    try:
        (folder / ".write-probe").write_text("x")
    except OSError:
        return
    (folder / ".write-probe").unlink()
    raise AssertionError(f"{folder} is still writable; the test would prove nothing")


@contextlib.contextmanager
def read_only_folder(folder: Path) -> Iterator[str]:
    """Make ``folder`` and everything in it read-only for this process; yields how."""
    if not is_root():
        modes = {p: p.stat().st_mode for p in [folder, *folder.iterdir()]}
        for path in modes:
            path.chmod(0o555 if path.is_dir() else 0o444)
        try:
            _assert_unwritable(folder)
            yield "chmod"
        finally:
            for path, mode in modes.items():
                path.chmod(stat.S_IMODE(mode))
        return
    if _run("mount", "--bind", str(folder), str(folder)):
        if not _run("mount", "-o", "remount,bind,ro", str(folder)):
            _run("umount", str(folder))
        else:
            try:
                _assert_unwritable(folder)
                yield "read-only bind mount"
            finally:
                _run("umount", str(folder))
            return
    # Root without CAP_SYS_ADMIN (a container): the immutable attribute also stops root.
    items = [folder, *folder.iterdir()]
    if not all(_run("chattr", "+i", str(p)) for p in items):
        for p in items:
            _run("chattr", "-i", str(p))
        raise AssertionError("cannot make a read-only folder here (need mount --bind or chattr +i)")
    try:
        _assert_unwritable(folder)
        yield "immutable attribute"
    finally:
        for p in items:
            _run("chattr", "-i", str(p))


@contextlib.contextmanager
def read_only_file(path: Path) -> Iterator[str]:
    """Make one file unwritable (its folder stays writable); yields how."""
    if not is_root():
        mode = path.stat().st_mode
        path.chmod(0o444)
        try:
            yield "chmod"
        finally:
            path.chmod(stat.S_IMODE(mode))
        return
    if not _run("chattr", "+i", str(path)):
        raise AssertionError("cannot make a read-only file here (need chattr +i as root)")
    try:
        yield "immutable attribute"
    finally:
        _run("chattr", "-i", str(path))


@contextlib.contextmanager
def small_filesystem(mount_point: Path, size: str = "1m") -> Iterator[Path]:
    """A real, tiny tmpfs at ``mount_point`` (root only; see :func:`can_mount`)."""
    mount_point.mkdir(parents=True, exist_ok=True)
    if not _run("mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(mount_point)):
        raise AssertionError("mounting a tmpfs failed")
    try:
        yield mount_point
    finally:
        _run("umount", "-l", str(mount_point))


def fill_up(folder: Path, leave: int = 0, name: str = "vulling.bin") -> Path:
    """Fill the file system of ``folder`` until it is full, then free ``leave`` bytes."""
    filler = folder / name
    block = b"\0" * 4096
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
    try:
        while os.write(fd, block) == len(block):
            pass
    except OSError:
        pass  # ENOSPC: full
    finally:
        os.close(fd)
    if leave:
        size = filler.stat().st_size
        with filler.open("rb+") as handle:
            handle.truncate(max(0, size - leave))
    return filler
