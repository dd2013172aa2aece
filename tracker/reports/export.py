"""Reports as files offices use: Excel laid out for A4 landscape, and CSV Excel opens in UTF-8."""
from __future__ import annotations

import csv
import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from ..core.text import spreadsheet_text
from .tables import COLUMNS, AgencyFigures, ReportRow

WIDTHS = (6, 60, 24, 24, 16, 36, 22)  # characters, for A4 landscape with narrow margins
FIGURE_COLUMNS = ("Cơ quan chủ trì", "Tổng số nhiệm vụ", "Hoàn thành đúng hạn", "Hoàn thành quá hạn",
                  "Đang thực hiện", "Quá hạn", "Tỷ lệ đúng hạn (%)")
_THIN = Side(style="thin", color="000000")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_FONT = "Times New Roman"  # what Vietnamese administrative documents are printed in


def to_xlsx(title: str, subtitle: str, rows: list[ReportRow], figures: list[AgencyFigures] | None = None) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Biểu tổng hợp"
    _title(sheet, title, subtitle, len(COLUMNS))
    _table(sheet, 4, COLUMNS, [row.cells() for row in rows], WIDTHS)
    _print_setup(sheet, header_row=4)
    if figures is not None:
        numbers = book.create_sheet("Số liệu")
        _title(numbers, "SỐ LIỆU KẾT QUẢ THỰC HIỆN NHIỆM VỤ", subtitle, len(FIGURE_COLUMNS))
        values = [(f.agency, f.assigned, f.done_on_time, f.done_late, f.in_progress, f.overdue,
                   f.on_time_rate if f.on_time_rate is not None else "") for f in figures]
        _table(numbers, 4, FIGURE_COLUMNS, values, (40, 14, 14, 14, 14, 12, 14))
        _print_setup(numbers, header_row=4)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _title(sheet, title: str, subtitle: str, width: int) -> None:  # noqa: ANN001
    last = get_column_letter(width)
    for row, text, size in ((1, title, 14), (2, subtitle, 11)):
        sheet.merge_cells(f"A{row}:{last}{row}")
        cell = sheet[f"A{row}"]
        cell.value = text
        cell.font = Font(name=_FONT, size=size, bold=row == 1, italic=row == 2)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)


def _table(sheet, first_row: int, header: tuple, values: list[tuple], widths: tuple) -> None:  # noqa: ANN001
    for column, (name, width) in enumerate(zip(header, widths, strict=True), 1):
        cell = sheet.cell(row=first_row, column=column, value=name)
        cell.font = Font(name=_FONT, bold=True, size=11)
        cell.fill = PatternFill("solid", fgColor="E7EDF3")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = _BOX
        sheet.column_dimensions[get_column_letter(column)].width = width
    for offset, row in enumerate(values, 1):
        for column, value in enumerate(row, 1):
            cell = sheet.cell(row=first_row + offset, column=column, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # openpyxl would store "=..." as a live formula
            cell.font = Font(name=_FONT, size=11)
            cell.alignment = Alignment(vertical="top", wrap_text=True,
                                       horizontal="center" if isinstance(value, (int, float)) else "left")
            cell.border = _BOX
    sheet.freeze_panes = sheet.cell(row=first_row + 1, column=1)


def _print_setup(sheet, header_row: int) -> None:  # noqa: ANN001
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{header_row}:{header_row}"  # the header repeats on every printed page
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.page_margins.top = sheet.page_margins.bottom = 0.5
    sheet.oddFooter.center.text = "Trang &P/&N"


def to_csv(rows: list[ReportRow]) -> bytes:
    """UTF-8 with a byte-order mark, which Excel needs to show Vietnamese correctly."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(("TT", "Mã", "Nội dung nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời hạn",
                     "Kết quả/tiến độ", "Ghi chú", "Trạng thái"))
    for row in rows:
        writer.writerow([spreadsheet_text(v) for v in (row.number, row.code, row.description, row.lead, row.support,
                                                        row.deadline, row.result, row.note, row.state.value)])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def figures_csv(figures: list[AgencyFigures]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(FIGURE_COLUMNS)
    for f in figures:
        writer.writerow((spreadsheet_text(f.agency), f.assigned, f.done_on_time, f.done_late, f.in_progress, f.overdue,
                         f.on_time_rate if f.on_time_rate is not None else ""))
    return ("\ufeff" + out.getvalue()).encode("utf-8")
