"""Small reusable input widgets of the workspace (Dutch input, accessible names)."""
