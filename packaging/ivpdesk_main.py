"""Entry script of the frozen app (PyInstaller needs a file, not a console-script entry point)."""

from ivpdesk.__main__ import main

if __name__ == "__main__":
    main()
