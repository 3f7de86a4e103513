"""Qt item models over domain objects (no widgets, testable without a view)."""
