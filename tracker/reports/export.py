"""Reports as files offices use: Excel laid out for A4 landscape, and CSV Excel opens in UTF-8."""
from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from ..core.text import spreadsheet_text
from ..tasks.states import on_time_percent
from .tables import AgencyFigures, ReportRow

#: The columns of the Excel form, with widths in characters for A4 landscape, narrow margins.
XLSX_COLUMNS = ("TT", "Mã", "Nội dung nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời hạn",
                "Kết quả/tiến độ", "Ghi chú")
WIDTHS = (5, 13, 52, 22, 22, 12, 34, 20)
FIGURE_COLUMNS = ("Cơ quan chủ trì", "Tổng số nhiệm vụ", "Hoàn thành đúng hạn", "Hoàn thành quá hạn",
                  "Đang thực hiện", "Quá hạn", "Tỷ lệ đúng hạn (%)")
#: Where the table's header sits, under the heading block; it repeats on every printed page.
HEADER_ROW = 8
_THIN = Side(style="thin", color="000000")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_FONT = "Times New Roman"  # what Vietnamese administrative documents are printed in
_DATE_FORMAT = "DD/MM/YYYY"


@dataclass(frozen=True)
class Heading:
    """The heading block of an office's form (Nghị định 30/2020/NĐ-CP layout): the issuing
    body top left, the national motto top right, then title, subtitle and the day it was made."""

    superior: str  #: "UBND TỈNH QUẢNG NINH"
    office: str  #: "VĂN PHÒNG"
    made_on: dt.date


def to_xlsx(title: str, subtitle: str, rows: list[ReportRow], figures: list[AgencyFigures] | None = None,
            heading: Heading | None = None) -> bytes:
    """The "Biểu tổng hợp nhiệm vụ" as offices file it: heading block, one row per task with
    its code and its deadline as a real date, the signature block; and, for a period, the
    figures per agency with their totals."""
    heading = heading or Heading("", "VĂN PHÒNG UBND", dt.date.today())
    book = Workbook()
    sheet = book.active
    sheet.title = "Biểu tổng hợp"
    _heading(sheet, heading, title, subtitle, len(XLSX_COLUMNS))
    last = _table(sheet, HEADER_ROW, XLSX_COLUMNS, [_cells(row) for row in rows], WIDTHS)
    _signatures(sheet, last + 2, len(XLSX_COLUMNS))
    _print_setup(sheet, header_row=HEADER_ROW)
    if figures is not None:
        numbers = book.create_sheet("Số liệu")
        _heading(numbers, heading, "SỐ LIỆU KẾT QUẢ THỰC HIỆN NHIỆM VỤ", subtitle, len(FIGURE_COLUMNS))
        values = [(f.agency, f.assigned, f.done_on_time, f.done_late, f.in_progress, f.overdue,
                   f.on_time_rate if f.on_time_rate is not None else "") for f in figures]
        last = _table(numbers, HEADER_ROW, FIGURE_COLUMNS, values + [_totals(figures)], (40, 14, 14, 14, 14, 12, 14))
        for cell in numbers[last]:
            cell.font = Font(name=_FONT, size=11, bold=True)
        _signatures(numbers, last + 2, len(FIGURE_COLUMNS))
        _print_setup(numbers, header_row=HEADER_ROW)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _cells(row: ReportRow) -> tuple:
    """One task's cells: its deadline a date cell when it has a date, its words otherwise."""
    note = row.note
    if row.extended_from:
        note = "; ".join(filter(None, (note, f"Gia hạn từ {row.extended_from:%d/%m/%Y}")))
    return (row.number, row.code, row.description, row.lead, row.support, row.due or row.due_words or "",
            row.result, note)


def _totals(figures: list[AgencyFigures]) -> tuple:
    sums = [sum(getattr(f, name) for f in figures) for name in ("assigned", "done_on_time", "done_late",
                                                                 "in_progress", "overdue")]
    rate = on_time_percent(sums[1], sums[2])
    return ("Tổng cộng", *sums, rate if rate is not None else "")


def _heading(sheet, heading: Heading, title: str, subtitle: str, width: int) -> None:  # noqa: ANN001
    """Rows 1-2: issuing body and national motto side by side; rows 4-6: title, subtitle, date."""
    last = get_column_letter(width)
    split = max(2, width // 2 - 1)
    left, right = f"{get_column_letter(split)}", get_column_letter(split + 1)
    lines = ((1, heading.superior, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", False),
             (2, heading.office, "Độc lập - Tự do - Hạnh phúc", True))
    for row, body, motto, bold_body in lines:
        sheet.merge_cells(f"A{row}:{left}{row}")
        sheet.merge_cells(f"{right}{row}:{last}{row}")
        _put(sheet[f"A{row}"], body, size=12, bold=bold_body)
        _put(sheet[f"{right}{row}"], motto, size=12, bold=True)
    for row, text, size, bold, italic in ((4, title, 14, True, False), (5, subtitle, 12, False, True),
                                          (6, f"(Tính đến ngày {heading.made_on:%d/%m/%Y})", 11, False, True)):
        sheet.merge_cells(f"A{row}:{last}{row}")
        _put(sheet[f"A{row}"], text, size=size, bold=bold, italic=italic)


def _signatures(sheet, row: int, width: int) -> None:  # noqa: ANN001
    """"Người lập biểu" bottom left, "Thủ trưởng đơn vị" bottom right, each with its hint."""
    last, split = get_column_letter(width), max(2, width // 2 - 1)
    left, right = get_column_letter(split), get_column_letter(split + 1)
    for offset, (maker, head, bold, italic) in enumerate((("NGƯỜI LẬP BIỂU", "THỦ TRƯỞNG ĐƠN VỊ", True, False),
                                                          ("(Ký, ghi rõ họ tên)", "(Ký tên, đóng dấu)", False, True))):
        sheet.merge_cells(f"A{row + offset}:{left}{row + offset}")
        sheet.merge_cells(f"{right}{row + offset}:{last}{row + offset}")
        _put(sheet[f"A{row + offset}"], maker, size=12, bold=bold, italic=italic)
        _put(sheet[f"{right}{row + offset}"], head, size=12, bold=bold, italic=italic)


def _put(cell, text: str, size: int, bold: bool = False, italic: bool = False) -> None:  # noqa: ANN001
    cell.value = text
    cell.data_type = "s"
    cell.font = Font(name=_FONT, size=size, bold=bold, italic=italic)
    cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)


def _table(sheet, first_row: int, header: tuple, values: list[tuple], widths: tuple) -> int:  # noqa: ANN001
    """Header and rows, boxed; returns the last row written."""
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
            elif isinstance(value, dt.date):
                cell.number_format = _DATE_FORMAT
            cell.font = Font(name=_FONT, size=11)
            centred = isinstance(value, (int, float, dt.date))
            cell.alignment = Alignment(vertical="top", wrap_text=True, horizontal="center" if centred else "left")
            cell.border = _BOX
    sheet.freeze_panes = sheet.cell(row=first_row + 1, column=1)
    return first_row + len(values)


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
