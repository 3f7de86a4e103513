"""Single instance: real local sockets between this test process and real child processes."""

from __future__ import annotations

import logging
import os
import signal
import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PySide6.QtCore import QDir, QLockFile, Qt
from PySide6.QtNetwork import QLocalServer
from PySide6.QtWidgets import QMainWindow

from ivpdesk.paths import Paths
from ivpdesk.ui.app import create_application
from ivpdesk.ui.single_instance import (
    Claim,
    SingleInstance,
    bring_to_front,
    second_start_message,
    server_name,
)

ROOT = Path(__file__).resolve().parents[2]

# Linux only (like the whole suite): a crashed instance leaves its socket file in the temp
# folder there, which is the case worth testing; Windows named pipes vanish with the process.

# A second IVP Desk start, reduced to the single-instance step: prints the claim and,
# when asked, keeps running (as a first instance would) until it is killed.
CHILD = textwrap.dedent("""
    import sys, time
    from PySide6.QtCore import QCoreApplication
    from ivpdesk.ui.single_instance import SingleInstance
    app = QCoreApplication([])
    guard = SingleInstance(sys.argv[1])
    claim = guard.claim(activate_other=sys.argv[2] == "activate")
    print(claim.value, flush=True)
    if len(sys.argv) > 3 and sys.argv[3] == "stay":
        while True:
            app.processEvents()
            time.sleep(0.05)
    guard.release()
""")


def start_child(name: str, mode: str = "activate", stay: bool = False) -> subprocess.Popen[str]:
    args = [sys.executable, "-c", CHILD, name, mode] + (["stay"] if stay else [])
    return subprocess.Popen(args, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})


def finish(qtbot, child: subprocess.Popen[str], timeout_ms: int = 20000) -> str:  # type: ignore[no-untyped-def]
    """Let our event loop answer the child while it runs; return what it printed."""
    qtbot.waitUntil(lambda: child.poll() is not None, timeout=timeout_ms)
    out, err = child.communicate()
    assert child.returncode == 0, err
    return out.strip()


@pytest.fixture
def guard(qtbot, tmp_path: Path):  # type: ignore[no-untyped-def]
    create_application()
    instance = SingleInstance(server_name(str(tmp_path / "plan.sqlite"), Paths.from_environment()))
    yield instance
    instance.release()


def test_name_is_keyed_on_user_and_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    paths = Paths.from_environment(tmp_path / "data")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sub").mkdir()
    same = {
        server_name("plan.sqlite", paths, "annemarie"),
        server_name(str(tmp_path / "plan.sqlite"), paths, "annemarie"),
        server_name(str(tmp_path / "sub" / ".." / "plan.sqlite"), paths, "annemarie"),
    }
    assert len(same) == 1
    name = same.pop()
    assert name.startswith("ivpdesk-annemarie-")
    assert server_name("ander.sqlite", paths, "annemarie") != name
    assert server_name("plan.sqlite", paths, "pieter") != name
    assert server_name(None, paths, "annemarie") == server_name(str(paths.default_db), paths, "annemarie")
    odd = server_name("plan.sqlite", paths, "GEMEENTE\\a.de Vries-van 't Hoff" * 3)
    assert len(odd) < 60 and all(c.isalnum() or c in "-_." for c in odd)


def test_second_start_on_same_database_raises_the_first_window(qtbot, guard: SingleInstance) -> None:  # type: ignore[no-untyped-def]
    assert guard.claim() is Claim.PRIMARY
    window = QMainWindow()
    qtbot.addWidget(window)
    window.show()
    window.showMinimized()
    guard.activation_requested.connect(lambda: bring_to_front(window))
    with qtbot.waitSignal(guard.activation_requested, timeout=20000):
        child = start_child(guard.name)
        assert finish(qtbot, child) == Claim.ACTIVATED.value
    assert not window.windowState() & Qt.WindowState.WindowMinimized
    assert window.isVisible()


def test_smoke_test_mode_sees_the_running_instance_without_disturbing_it(qtbot, guard: SingleInstance) -> None:  # type: ignore[no-untyped-def]
    assert guard.claim() is Claim.PRIMARY
    activations: list[bool] = []
    guard.activation_requested.connect(lambda: activations.append(True))
    assert finish(qtbot, start_child(guard.name, "leave")) == Claim.RUNNING.value
    qtbot.wait(200)
    assert activations == []


def test_another_database_may_be_open_at_the_same_time(qtbot, guard: SingleInstance, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert guard.claim() is Claim.PRIMARY
    other = server_name(str(tmp_path / "ander.sqlite"), Paths.from_environment())
    assert finish(qtbot, start_child(other)) == Claim.PRIMARY.value


def test_stale_socket_after_a_crash_does_not_block_the_next_start(qtbot, guard: SingleInstance, caplog) -> None:  # type: ignore[no-untyped-def]
    child = start_child(guard.name, stay=True)
    assert child.stdout is not None
    assert child.stdout.readline().strip() == Claim.PRIMARY.value
    socket_file = Path(QDir.tempPath()) / guard.name
    lock_file = Path(QDir.tempPath()) / f"{guard.name}.lock"
    assert socket_file.exists() and lock_file.exists()
    child.send_signal(signal.SIGKILL)  # crash: no clean-up
    child.wait(10)
    child.communicate()
    assert socket_file.exists() and lock_file.exists()
    with caplog.at_level(logging.INFO, logger="ivpdesk.ui.single_instance"):
        assert guard.claim() is Claim.PRIMARY
    assert "left by a crashed instance" in caplog.text
    assert guard.server is not None and guard.server.isListening()
    # and the new owner really answers the next start
    with qtbot.waitSignal(guard.activation_requested, timeout=20000):
        assert finish(qtbot, start_child(guard.name)) == Claim.ACTIVATED.value


def test_hung_instance_is_reported_not_duplicated(qtbot, guard: SingleInstance) -> None:  # type: ignore[no-untyped-def]
    # A live owner (this process holds the lock) whose socket accepts but never answers.
    lock = QLockFile(str(Path(QDir.tempPath()) / f"{guard.name}.lock"))
    assert lock.tryLock(0)
    path = Path(QDir.tempPath()) / guard.name
    hung = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    hung.bind(str(path))
    hung.listen(5)
    try:
        guard.answer_timeout_ms = 300
        assert guard.claim() is Claim.BUSY
        assert guard.server is None
        assert path.exists()  # the live owner's socket was not taken over
    finally:
        hung.close()
        path.unlink(missing_ok=True)
        lock.unlock()
    assert "reageert niet" in second_start_message(Claim.BUSY)
    assert "vooraan" in second_start_message(Claim.ACTIVATED)


def test_two_starts_at_the_same_moment_give_one_instance(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    name = server_name(str(tmp_path / "race.sqlite"), Paths.from_environment())
    children = [start_child(name, stay=True) for _ in range(3)]
    try:
        claims = sorted(child.stdout.readline().strip() for child in children)  # type: ignore[union-attr]
    finally:
        for child in children:
            child.kill()
            child.communicate()
        QLocalServer.removeServer(name)
        Path(QDir.tempPath(), f"{name}.lock").unlink(missing_ok=True)
    assert claims == sorted([Claim.PRIMARY.value, Claim.ACTIVATED.value, Claim.ACTIVATED.value])


def test_release_frees_the_name(qtbot, guard: SingleInstance, caplog) -> None:  # type: ignore[no-untyped-def]
    with caplog.at_level(logging.INFO, logger="ivpdesk.ui.single_instance"):
        assert guard.claim() is Claim.PRIMARY
    assert "crashed" not in caplog.text  # a clean first start reports no leftover
    guard.release()
    assert not (Path(QDir.tempPath()) / guard.name).exists()
    assert not (Path(QDir.tempPath()) / f"{guard.name}.lock").exists()
    assert finish(qtbot, start_child(guard.name)) == Claim.PRIMARY.value
