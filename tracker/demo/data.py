"""Demo documents and tasks, worded as in the sample plans 244/KH-UBND and 122/KH-UBND.

Deadlines are offsets in days from the day the demo is loaded, so the demo always shows
every state: on time, due soon, overdue, done on time and late, awaiting confirmation.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class DemoTask:
    lead: str
    description: str
    due_in_days: int | None = None
    recurrence: str | None = None
    due_text: str = ""
    support: tuple[str, ...] = ()
    group: str | None = None
    item_ref: str = ""
    #: What has happened since: "done:-2" (completed 2 days after... the deadline offset),
    #: "progress:40", "awaiting", "returned", "postponed".
    story: tuple[str, ...] = ()


@dataclass(frozen=True)
class DemoDocument:
    number: str
    kind: str
    title: str
    signer: str
    issued_days_ago: int
    tasks: tuple[DemoTask, ...] = field(default_factory=tuple)


DOCUMENTS = (
    DemoDocument(
        "244/KH-UBND", "plan", "Kế hoạch tổ chức giao ban công tác văn hóa - xã hội thành phố Hà Nội",
        "Chủ Xuân Dũng", 40,
        (
            DemoTask("Văn phòng UBND Thành phố",
                     "Ban hành văn bản thông báo nội dung chuyên đề giao ban và yêu cầu các đơn vị xây dựng báo cáo.",
                     recurrence="monthly", due_text="Trước ngày 15 hằng tháng", item_ref="IV.1"),
            DemoTask("Văn phòng UBND Thành phố", "Phát hành Giấy mời họp giao ban.", recurrence="as-required",
                     due_text="ít nhất 03 ngày trước ngày diễn ra giao ban", item_ref="III.1"),
            DemoTask("Sở Kế hoạch và Đầu tư",
                     "Đôn đốc, tổng hợp báo cáo của các đơn vị, chuẩn bị nội dung và báo cáo chung "
                     "tại Hội nghị giao ban.",
                     due_in_days=2, due_text="trước ngày giao ban tháng", item_ref="IV.2",
                     support=("Văn phòng UBND Thành phố",), story=("progress:60",)),
            *(
                DemoTask(lead, "Xây dựng báo cáo tiến độ, kết quả triển khai nhiệm vụ được giao, gửi Sở Kế hoạch "
                         "và Đầu tư tổng hợp, đồng gửi Văn phòng UBND Thành phố.",
                         due_in_days=due, due_text="ít nhất 05 ngày trước ngày giao ban", item_ref="IV.4",
                         group="Các sở, ngành Thành phố", story=story)
                for lead, due, story in (
                    ("Sở Y tế", 9, ()), ("Sở Giáo dục và Đào tạo", 9, ("done:-1",)),
                    ("Sở Lao động - Thương binh và Xã hội", -4, ("progress:30",)),
                    ("Sở Văn hóa và Thể thao", -6, ("done:2",)),
                )
            ),
            *(
                DemoTask(lead, "Xây dựng báo cáo tiến độ, kết quả triển khai nhiệm vụ được giao; chủ động kiến "
                         "nghị những nội dung cần giải đáp trước buổi giao ban.",
                         due_in_days=due, due_text="ít nhất 05 ngày trước ngày giao ban", item_ref="IV.5",
                         group="UBND các quận, huyện, thị xã", story=story)
                for lead, due, story in (
                    ("UBND quận Ba Đình", -3, ()), ("UBND quận Hoàn Kiếm", 1, ("awaiting",)),
                    ("UBND huyện Sóc Sơn", -10, ()), ("UBND thị xã Sơn Tây", 12, ()),
                )
            ),
        ),
    ),
    DemoDocument(
        "122/KH-UBND", "plan", "Kế hoạch cải thiện Chỉ số Hiệu quả quản trị và hành chính công cấp tỉnh (PAPI) "
        "thành phố Hà Nội năm 2020", "Nguyễn Đức Chung", 120,
        (
            DemoTask("Sở Nội vụ", "Tổ chức tuyên truyền về mục đích, ý nghĩa và kết quả Chỉ số PAPI tới đội ngũ cán "
                     "bộ, công chức, viên chức và người dân.", recurrence="continuous", due_text="Thường xuyên",
                     support=("Sở Thông tin và Truyền thông", "Đài Phát thanh và Truyền hình Hà Nội"), item_ref="II.1"),
            DemoTask("Sở Nội vụ", "Theo dõi, đôn đốc, tổng hợp kết quả thực hiện Kế hoạch, báo cáo UBND Thành phố.",
                     due_in_days=20, due_text="trước 15/11", item_ref="III.2", story=("progress:45",)),
            DemoTask("Sở Thông tin và Truyền thông", "Hướng dẫn các cơ quan, đơn vị công khai thông tin trên cổng "
                     "thông tin điện tử; hỗ trợ người dân tiếp cận dịch vụ công trực tuyến.", due_in_days=30,
                     due_text="trong quý IV", item_ref="Biểu, dòng 8"),
            DemoTask("Thanh tra Thành phố", "Xây dựng kế hoạch thanh tra, kiểm tra việc thực hiện các nội dung "
                     "nhiệm vụ của Kế hoạch, gắn với kế hoạch thanh tra hằng năm.", due_in_days=-30,
                     due_text="trong tháng 8", item_ref="III.3", story=("done:-5",)),
            DemoTask("Sở Tài chính", "Công khai dự toán, quyết toán ngân sách theo quy định; hướng dẫn UBND cấp huyện, "
                     "cấp xã thực hiện công khai ngân sách.", due_in_days=-45, due_text="quý III",
                     support=("UBND quận Cầu Giấy",), item_ref="Biểu, dòng 14", story=("done:7",)),
            DemoTask("Sở Tài nguyên và Môi trường", "Triển khai đồng bộ các giải pháp cải thiện chất lượng môi trường "
                     "sống của người dân; hướng dẫn phân loại rác thải tại nguồn.", due_in_days=-2,
                     due_text="trước 30/11", item_ref="Biểu, dòng 20", story=("awaiting",)),
            DemoTask("Sở Xây dựng", "Rà soát, công khai thủ tục cấp phép xây dựng; rút ngắn thời gian giải quyết.",
                     due_in_days=15, due_text="trong tháng 12", item_ref="Biểu, dòng 11", story=("returned",)),
            DemoTask("Sở Y tế", "Nâng cao chất lượng dịch vụ y tế công lập tuyến cơ sở; khảo sát sự hài lòng của "
                     "người bệnh.", due_in_days=60, due_text="6 tháng đầu năm", item_ref="Biểu, dòng 16",
                     story=("postponed",)),
        ),
    ),
)

#: Demo accounts: (email, role, agency or None, full name).
USERS = (
    ("vanphong@demo.donduc.vn", "office", None, "Nguyễn Thị Lan (VP UBND TP)"),
    ("soyte@demo.donduc.vn", "agency", "Sở Y tế", "Trần Văn Minh (Sở Y tế)"),
    ("badinh@demo.donduc.vn", "agency", "UBND quận Ba Đình", "Lê Thu Hà (UBND quận Ba Đình)"),
)
