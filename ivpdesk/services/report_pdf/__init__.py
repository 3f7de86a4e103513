"""Print-ready PDFs of the uitvoeringsplan and the voortgangsrapportage (ReportLab).

Public entry points (other features and the CLI rely on these names):

* :func:`write_plan_pdf` – the uitvoeringsplan for the college and the raad;
* :func:`write_progress_pdf` – the voortgangsrapportage at a peildatum;
* :mod:`~ivpdesk.services.report_pdf.logo` – the logo stored in the settings.

Both write atomically (temporary file, then rename) and return the page count.
"""

from ivpdesk.services.report_pdf.document import ReportError
from ivpdesk.services.report_pdf.logo import (
    MAX_LOGO_BYTES,
    LogoError,
    clear_logo,
    load_logo,
    read_logo_file,
    save_logo,
    validate_logo,
)
from ivpdesk.services.report_pdf.plan_report import write_plan_pdf
from ivpdesk.services.report_pdf.progress_report import write_progress_pdf
from ivpdesk.services.report_pdf.source import ReportSource, load_report_source

__all__ = [
    "MAX_LOGO_BYTES",
    "LogoError",
    "ReportError",
    "ReportSource",
    "clear_logo",
    "load_report_source",
    "load_logo",
    "read_logo_file",
    "save_logo",
    "validate_logo",
    "write_plan_pdf",
    "write_progress_pdf",
]
