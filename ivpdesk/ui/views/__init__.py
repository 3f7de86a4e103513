"""The big views of the workspace: activity table, filter bar, detail panel, indicators."""
