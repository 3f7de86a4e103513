"""Undo and redo of every edit in the workspace (QUndoStack), and conflict handling.

Every edit the officer makes goes through :class:`EditController`: it calls one
service of :mod:`ivpdesk.services.editing` (one unit of work), pushes a command onto
the undo stack and lets the window show the saved state. A command's ``redo`` and
``undo`` each run one service call in its own unit of work.

The first ``redo`` that ``QUndoStack.push`` triggers is skipped: the edit was already
saved before the command was pushed, so a failed save never reaches the stack.

Conflicts (another officer changed the same row): the controller shows the
stale-edit dialog with both versions. "Opnieuw laden" reloads the plan and keeps the
other change; "Mijn wijziging opnieuw toepassen" saves the officer's values on top.
When an *undo or redo* runs into a conflict and the officer reloads, the history is
no longer trustworthy and the stack is cleared (after the stack operation finished).

What happens to the stack when the plan is reloaded from outside: see
:meth:`ivpdesk.ui.main_window.MainWindow.reload` (same plan: kept; another plan or
database: cleared).
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import QMessageBox

from ivpdesk import APP_NAME
from ivpdesk.domain import DomainError, NotFoundError, StaleEditError
from ivpdesk.services import editing
from ivpdesk.services.editing import FieldChange, FieldEdit, StructureChange

if TYPE_CHECKING:
    from ivpdesk.ui.main_window import MainWindow

log = logging.getLogger(__name__)


class FieldEditCommand(QUndoCommand):
    """Undo/redo of saved field edits (one or more rows, one unit of work each way)."""

    def __init__(self, controller: EditController, edits: list[FieldEdit], text: str) -> None:
        super().__init__(text)
        self.controller = controller
        self.edits = edits
        self._already_done = True

    def redo(self) -> None:
        if self._already_done:
            self._already_done = False
            return
        self.controller.run_history(self, "redo")

    def undo(self) -> None:
        self.controller.run_history(self, "undo")


class StructureCommand(QUndoCommand):
    """Undo/redo of an added, duplicated, deleted, moved or reordered part of the plan."""

    def __init__(self, controller: EditController, change: StructureChange) -> None:
        super().__init__(change.label)
        self.controller = controller
        self.change = change
        self._already_done = True

    def redo(self) -> None:
        if self._already_done:
            self._already_done = False
            return
        self.controller.run_history(self, "redo")

    def undo(self) -> None:
        self.controller.run_history(self, "undo")


class EditController(QObject):
    """The one way the workspace changes data: service call, undo command, view update."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.stack = QUndoStack(self)
        self.stack.setUndoLimit(500)
        self.busy = False

    @property
    def db(self) -> Any:
        return self.window.db

    # ------------------------------------------------------------------ new edits

    def edit(self, changes: list[FieldChange], base: dict[tuple[str, int], Any] | None = None,
             text: str | None = None) -> bool:
        """Save field changes; True when saved (or nothing changed). Conflicts ask the officer."""
        if self.window.read_only:
            return False
        try:
            edits = editing.edit_fields(self.db, changes)
        except StaleEditError as error:
            return self._new_edit_conflict(error, changes, base or {}, text)
        except DomainError as error:
            self._warn(error.message)
            if isinstance(error, NotFoundError):
                self.window.reload()
            return False
        self._push_edits(edits, text)
        return True

    def _push_edits(self, edits: list[FieldEdit], text: str | None) -> None:
        if not edits:
            return
        label = text or self._edit_text(edits)
        self.stack.push(FieldEditCommand(self, edits, label))
        self.window.after_field_edits(edits)

    @staticmethod
    def _edit_text(edits: list[FieldEdit]) -> str:
        first = edits[0]
        what = {"activity": "activiteit", "theme": "thema", "section": "onderdeel",
                "indicator": "indicator", "plan": "plan", "safety_plan": "plan"}[first.kind]
        return f"{first.label.capitalize()} van {what} wijzigen"

    def structure(self, func: Callable[..., StructureChange], *args: Any, **kwargs: Any
                  ) -> StructureChange | None:
        """Run a structural service (add, delete, move …) and make it undoable."""
        if self.window.read_only:
            return None
        try:
            change = func(self.db, *args, **kwargs)
        except StaleEditError as error:
            self._show_conflict(error, None, {}, allow_reapply=False)
            self.window.reload()
            return None
        except DomainError as error:
            self._warn(error.message)
            if isinstance(error, NotFoundError):
                self.window.reload()
            return None
        self.stack.push(StructureCommand(self, change))
        self.window.after_structure(change)
        return change

    # ------------------------------------------------------------------ conflicts

    def _new_edit_conflict(self, error: StaleEditError, changes: list[FieldChange],
                           base: dict[tuple[str, int], Any], text: str | None) -> bool:
        current = error.current
        change = next((c for c in changes
                       if current is not None and getattr(current, "id", None) == c.entity_id),
                      changes[0])
        choice = self._show_conflict(error, change, base, allow_reapply=current is not None)
        if choice != "reapply" or current is None:
            self.window.reload()
            return False
        retry = []
        for item in changes:
            if item is change:
                expected = ({n: getattr(current, n) for n in item.expected}
                            if item.expected is not None else None)
                retry.append(dataclasses.replace(
                    item, version=getattr(current, "version", None) if item.version is not None
                    else None, expected=expected))
            else:
                retry.append(item)
        # Another conflict can happen in between; the dialog then simply comes again.
        return self.edit(retry, {(change.kind, change.entity_id): current}, text)

    def _show_conflict(self, error: StaleEditError, change: FieldChange | None,
                       base: dict[tuple[str, int], Any], *, allow_reapply: bool) -> str:
        from ivpdesk.ui.dialogs.stale_edit_dialog import ask_about_conflict

        kind = change.kind if change is not None else _kind_of(error.current)
        entity_id = change.entity_id if change is not None else getattr(error.current, "id", None)
        mine = dict(change.values) if change is not None else {}
        return ask_about_conflict(
            self.window, error, kind=kind,
            base=base.get((kind, entity_id)) if entity_id is not None else None,
            mine=mine, last=_safe_last_change(self.db, kind, entity_id),
            allow_reapply=allow_reapply,
        )

    # ------------------------------------------------------------------ undo / redo

    def run_history(self, command: FieldEditCommand | StructureCommand, direction: str) -> None:
        """Run an undo or redo; on a conflict ask the officer, never lose the other change."""
        self.busy = True
        try:
            self._run_history(command, direction, force=False)
        except StaleEditError as error:
            kind = _kind_of(error.current)
            mine: dict[str, Any] = {}
            if isinstance(command, FieldEditCommand):
                edit = next((e for e in command.edits
                             if e.entity_id == getattr(error.current, "id", None)), command.edits[0])
                mine = edit.before if direction == "undo" else edit.after
                kind = edit.kind
            change = FieldChange(kind, getattr(error.current, "id", 0) or 0, mine)
            choice = self._show_conflict(error, change if mine else None, {},
                                         allow_reapply=True)
            if choice == "reapply":
                try:
                    self._run_history(command, direction, force=True)
                    return
                except DomainError as again:
                    self._warn(again.message)
            self._lose_history()
        except DomainError as error:
            self._warn(error.message)
            self._lose_history()
        finally:
            self.busy = False

    def _run_history(self, command: FieldEditCommand | StructureCommand, direction: str,
                     *, force: bool) -> None:
        if isinstance(command, FieldEditCommand):
            if force:
                for edit in (reversed(command.edits) if direction == "undo" else command.edits):
                    wanted = edit.before if direction == "undo" else edit.after
                    edit.saved = editing.force_fields(self.db, edit.kind, edit.entity_id, wanted)
            elif direction == "undo":
                editing.revert_edits(self.db, command.edits)
            else:
                editing.reapply_edits(self.db, command.edits)
            self.window.after_field_edits(command.edits)
        else:
            if direction == "undo":
                editing.undo_structure(self.db, command.change, force=force)
                self.window.after_structure(command.change, undone=True)
            else:
                editing.redo_structure(self.db, command.change, force=force)
                self.window.after_structure(command.change)

    def _lose_history(self) -> None:
        """After a failed undo/redo the history no longer matches the data: start afresh."""
        QTimer.singleShot(0, self.stack.clear)
        self.window.reload()
        self.window.statusBar().showMessage(
            self.tr("De geschiedenis voor ongedaan maken is gewist omdat de gegevens intussen "
                    "door iemand anders zijn gewijzigd."), 10000)

    def _warn(self, message: str) -> None:
        QMessageBox.warning(self.window, APP_NAME, message)


def _kind_of(obj: Any) -> str:
    from ivpdesk.domain import Activity, ImplementationPlan, Indicator, SafetyPlan, Section, Theme

    for kind, cls in (("activity", Activity), ("theme", Theme), ("section", Section),
                      ("indicator", Indicator), ("plan", ImplementationPlan),
                      ("safety_plan", SafetyPlan)):
        if isinstance(obj, cls):
            return kind
    return "activity"


def _safe_last_change(db: Any, kind: str, entity_id: int | None) -> Any:
    if entity_id is None:
        return None
    try:
        return editing.last_change(db, kind, entity_id)
    except Exception:  # noqa: BLE001 - the dialog works without it
        log.exception("could not read the change log")
        return None
