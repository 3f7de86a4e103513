"""Subcommands of ``ivpdesk`` grouped per feature (import, report, deadlines, backup …).

Each module defines ``register(subparsers)`` and handlers decorated with
``ivpdesk.cli.command``; ``ivpdesk.cli.COMMAND_MODULES`` lists the modules.
"""
