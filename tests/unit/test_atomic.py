"""The one atomic writer: whole file or the old one, never half; Dutch messages."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ivpdesk.domain.errors import DomainError
from ivpdesk.services.atomic import FileWriteError, write_atomically


class ReportLike(DomainError):
    pass


def test_replaces_the_file_whole(tmp_path: Path) -> None:
    target = tmp_path / "uit.json"
    target.write_bytes(b"oud")
    write_atomically(target, b"nieuw")
    assert target.read_bytes() == b"nieuw"
    assert [p.name for p in tmp_path.iterdir()] == ["uit.json"]


def test_full_disk_keeps_the_old_file_and_says_so_in_dutch(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "uit.pdf"
    target.write_bytes(b"oud")

    def disk_full(_fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(ReportLike, match="de schijf is vol") as caught:
        write_atomically(target, b"nieuw" * 1000, error=ReportLike)
    assert "No space" not in caught.value.message
    assert target.read_bytes() == b"oud"
    assert [p.name for p in tmp_path.iterdir()] == ["uit.pdf"]


def test_file_in_use_gets_the_callers_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def locked(*_args: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", locked)
    with pytest.raises(FileWriteError, match="geopend in Excel"):
        write_atomically(tmp_path / "plan.xlsx", b"x", in_use_message="Het is geopend in Excel.")
    assert list(tmp_path.iterdir()) == []


def test_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(FileWriteError, match="bestaat niet"):
        write_atomically(tmp_path / "geen-map" / "x.ics", b"x")
