"""Relief numbers, live and limited to the user's reach: a unit's report (``unit``: given by
item × day × unit, served by category, stock per store, and its workbook) and a drive's summary
(``drive``: also as WhatsApp text, a workbook and a PDF)."""

from __future__ import annotations

from sangathan.relief.reports.drive import (
    Summary,
    drive_summary,
    summary_pdf,
    summary_text,
    summary_xlsx,
)
from sangathan.relief.reports.unit import (
    DAY_COLUMNS,
    DEFAULT_DAYS,
    MAX_DAYS,
    NEAR_EXPIRY_DAYS,
    PDF_TYPE,
    XLSX_TYPE,
    Distributed,
    DistributedRow,
    Line,
    Served,
    StockRow,
    category_counts,
    distributed_by,
    distributed_report,
    drive_covers,
    report_drive,
    report_drives,
    report_period,
    report_units,
    report_xlsx,
    served_by_category,
    stock_position,
)

__all__ = [
    "DAY_COLUMNS",
    "DEFAULT_DAYS",
    "MAX_DAYS",
    "NEAR_EXPIRY_DAYS",
    "PDF_TYPE",
    "XLSX_TYPE",
    "Distributed",
    "DistributedRow",
    "Line",
    "Served",
    "StockRow",
    "Summary",
    "category_counts",
    "distributed_by",
    "distributed_report",
    "drive_covers",
    "drive_summary",
    "report_drive",
    "report_drives",
    "report_period",
    "report_units",
    "report_xlsx",
    "served_by_category",
    "stock_position",
    "summary_pdf",
    "summary_text",
    "summary_xlsx",
]
