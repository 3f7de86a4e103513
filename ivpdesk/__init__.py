"""IVP Desk: the Integraal Veiligheidsplan and its uitvoeringsplan on the officer's desktop."""

from importlib import metadata

try:
    __version__ = metadata.version("ivpdesk")
except metadata.PackageNotFoundError:  # running from a frozen bundle or a bare checkout
    __version__ = "0.1.0"

APP_NAME = "IVP Desk"
APP_ID = "ivpdesk"
