"""Reply letters written for this project, each in one of the styles agencies really use, with what reading
them must give. Shared by tests/unit/test_letter_reader.py and bench/bench_letters.py.
"""

from __future__ import annotations

from pathlib import Path

from tests.letter_factory import LetterSpec

ROOT = Path(__file__).resolve().parent.parent
DECREE = ROOT / "drafts" / "nghi-dinh-du-lieu-mo.docx"
STRATEGY = ROOT / "drafts" / "chien-luoc-chuyen-doi-so.docx"
METHODOLOGY = ROOT / "drafts" / "phuong-phap-danh-gia.docx"

_SIGN_MINISTRY = {"authority": ["KT. BỘ TRƯỞNG", "THỨ TRƯỞNG"]}

# 1. Prose in a), b), c) under "Về ý kiến chung" / "Ý kiến cụ thể", citations in every common order.
PROSE_POINTS = LetterSpec(
    issuer=["BỘ TƯ PHÁP"],
    number="Số: 1582/BTP-PLDSKT",
    place_date="Hà Nội, ngày 12 tháng 11 năm 2026",
    subject="V/v góp ý dự thảo Nghị định quy định về dữ liệu mở của cơ quan nhà nước",
    recipients=["Bộ Khoa học và Công nghệ"],
    body=[
        "Phúc đáp Công văn số 412/BKHCN-CĐS ngày 02/11/2026 của Bộ Khoa học và Công nghệ về việc góp ý dự thảo "
        "Nghị định quy định về dữ liệu mở của cơ quan nhà nước, Bộ Tư pháp có ý kiến như sau:",
        "1. Về ý kiến chung",
        "Dự thảo Nghị định cơ bản đã bám sát Luật Dữ liệu. Tuy nhiên, đề nghị cơ quan chủ trì rà soát kỹ thuật "
        "soạn thảo văn bản.",
        "2. Ý kiến cụ thể",
        "a) Tại khoản 2 Điều 5, đề nghị sửa lại như sau: “2. Cố ý công bố dữ liệu sai lệch dưới danh nghĩa "
        "cơ quan nhà nước.”",
        "b) khoản 1, Điều 3: đề nghị làm rõ khái niệm “tái sử dụng” để thống nhất với điểm c khoản 2 Điều 9.",
        "c) Điều 9 khoản 2 điểm a: đề nghị rút ngắn thời hạn điều chỉnh dữ liệu xuống 03 ngày làm việc cho phù "
        "hợp với yêu cầu cập nhật dữ liệu thường xuyên của các cơ quan.",
        "d) Tại Điều 6 (điểm đ khoản 1), đề nghị bổ sung “tần suất tối thiểu”.",
        "đ) Điều 4 và Điều 5: đề nghị gộp thành một điều cho gọn.",
        "e) Các Điều 7, 8, 9 nên quy định rõ trách nhiệm của người đứng đầu.",
        "g) Từ Điều 10 đến Điều 12: đề nghị rà soát cho phù hợp với Điều 10 Luật Dữ liệu.",
        "h) Chương III: đề nghị bổ sung điều khoản chuyển tiếp.",
        "Trên đây là ý kiến của Bộ Tư pháp, đề nghị Bộ Khoa học và Công nghệ nghiên cứu, tổng hợp./.",
    ],
    signer="Nguyễn Thanh Tịnh",
    **_SIGN_MINISTRY,
)
PROSE_POINTS_EXPECTED = {
    "position": "comments",
    "letter": {
        "number": "1582/BTP-PLDSKT",
        "date": "2026-11-12",
        "agency": "Bộ Tư pháp",
        "signer": "Nguyễn Thanh Tịnh",
        "signer_title": "Thứ trưởng",
        "answers": "412/BKHCN-CĐS",
    },
    "items": [
        {
            "refs": ["khoản 2 Điều 5"],
            "text": "Tại khoản 2 Điều 5, đề nghị sửa lại như sau:",
            "proposed_wording": "2. Cố ý công bố dữ liệu sai lệch dưới danh nghĩa cơ quan nhà nước.",
        },
        {
            "refs": ["khoản 1 Điều 3"],
            "text": "khoản 1, Điều 3: đề nghị làm rõ khái niệm “tái sử dụng” để thống nhất với điểm c khoản 2 Điều 9.",
            "proposed_wording": "",
        },
        {
            "refs": ["điểm a khoản 2 Điều 9"],
            "text": "Điều 9 khoản 2 điểm a: đề nghị rút ngắn thời hạn điều chỉnh dữ liệu xuống 03 ngày làm việc cho "
            "phù hợp với yêu cầu cập nhật dữ liệu thường xuyên của các cơ quan.",
            "proposed_wording": "",
        },
        {
            "refs": ["điểm đ khoản 1 Điều 6"],
            "text": "Tại Điều 6 (điểm đ khoản 1), đề nghị bổ sung “tần suất tối thiểu”.",
            "proposed_wording": "",
        },
        {
            "refs": ["Điều 4", "Điều 5"],
            "text": "Điều 4 và Điều 5: đề nghị gộp thành một điều cho gọn.",
            "proposed_wording": "",
        },
        {
            "refs": ["Điều 7", "Điều 8", "Điều 9"],
            "text": "Các Điều 7, 8, 9 nên quy định rõ trách nhiệm của người đứng đầu.",
            "proposed_wording": "",
        },
        {
            "refs": ["Điều 10", "Điều 11", "Điều 12"],
            "text": "Từ Điều 10 đến Điều 12: đề nghị rà soát cho phù hợp với Điều 10 Luật Dữ liệu.",
            "proposed_wording": "",
        },
        {
            "refs": ["Chương III"],
            "text": "Chương III: đề nghị bổ sung điều khoản chuyển tiếp.",
            "proposed_wording": "",
        },
    ],
    "general": [
        {
            "text": "Dự thảo Nghị định cơ bản đã bám sát Luật Dữ liệu. Tuy nhiên, đề nghị cơ quan chủ trì rà soát "
            "kỹ thuật soạn thảo văn bản."
        }
    ],
}

# 2. A province's dash list under clause headings, "khoản này", a citation the draft lacks, a two-line letterhead.
DASH_LIST = LetterSpec(
    parent=[],
    issuer=["ỦY BAN NHÂN DÂN", "TỈNH LÀO CAI"],
    number="Số: 905 /UBND-KSCL",
    place_date="Lào Cai, ngày 05 tháng 11 năm 2026",
    subject="V/v tham gia ý kiến dự thảo Nghị định về dữ liệu mở",
    recipients=["Bộ Khoa học và Công nghệ;", "Cục Chuyển đổi số quốc gia."],
    body=[
        "Thực hiện đề nghị của Bộ Khoa học và Công nghệ tại Văn bản số 412/BKHCN-CĐS ngày 02/11/2026, sau khi "
        "nghiên cứu, Ủy ban nhân dân tỉnh Lào Cai tham gia ý kiến như sau:",
        "1. Tại Điều 2:",
        "- Khoản 1: đề nghị bổ sung đơn vị sự nghiệp công lập vào đối tượng áp dụng.",
        "- Khoản 3 Điều này quy định quá chung, đề nghị liệt kê cụ thể.",
        "2. Tại Điều 8:",
        "- Đề nghị quy định thời hạn công bố dữ liệu mở sau khi danh mục được phê duyệt.",
        "- Điểm b khoản 2: đề nghị bổ sung số điện thoại, thư điện tử của đầu mối.",
        "3. Tại Điều 25 về xử lý vi phạm, đề nghị quy định mức xử phạt cụ thể.",
        "4. Đề nghị Bộ Khoa học và Công nghệ sớm ban hành hướng dẫn định dạng dữ liệu mở.",
        "Trân trọng./.",
    ],
    authority=["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"],
    signer="Hoàng Quốc Khánh",
)
DASH_LIST_EXPECTED = {
    "position": "comments",
    "letter": {
        "number": "905/UBND-KSCL",
        "date": "2026-11-05",
        "agency": "Ủy ban nhân dân tỉnh Lào Cai",
        "signer": "Hoàng Quốc Khánh",
        "signer_title": "Phó Chủ tịch",
        "answers": "412/BKHCN-CĐS",
    },
    "items": [
        {
            "refs": ["khoản 1 Điều 2"],
            "text": "Khoản 1: đề nghị bổ sung đơn vị sự nghiệp công lập vào đối tượng áp dụng.",
            "proposed_wording": "",
        },
        {
            "refs": ["khoản 3 Điều 2"],
            "text": "Khoản 3 Điều này quy định quá chung, đề nghị liệt kê cụ thể.",
            "proposed_wording": "",
        },
        {
            "refs": ["Điều 8"],
            "text": "Đề nghị quy định thời hạn công bố dữ liệu mở sau khi danh mục được phê duyệt.",
            "proposed_wording": "",
        },
        {
            "refs": ["điểm b khoản 2 Điều 8"],
            "text": "Điểm b khoản 2: đề nghị bổ sung số điện thoại, thư điện tử của đầu mối.",
            "proposed_wording": "",
        },
    ],
    "general": [
        {"text": "Tại Điều 25 về xử lý vi phạm, đề nghị quy định mức xử phạt cụ thể."},
        {"text": "Đề nghị Bộ Khoa học và Công nghệ sớm ban hành hướng dẫn định dạng dữ liệu mở."},
    ],
}

# 3. A comment table (STT | Điều, khoản | Nội dung góp ý | Đề xuất) on a methodology with scoring rows.
_TABLE = [
    ["STT", "Điều, khoản", "Nội dung góp ý", "Đề xuất"],
    ["I", "Ý kiến chung", "Đề nghị bổ sung thuyết minh cách xác định trọng số các nhóm chỉ số.", ""],
    [
        "1",
        "tiêu chí 2.1 Mục III",
        "Tỷ lệ dịch vụ công trực tuyến toàn trình nên tính trên tổng số thủ tục đủ điều kiện.",
        "Tỷ lệ dịch vụ công trực tuyến toàn trình trên tổng số thủ tục hành chính đủ điều kiện",
    ],
    ["2", "Tiêu chí 2.2 và tiêu chí 2.3", "Đề nghị tách thành hai tiêu chí có điểm riêng.", ""],
    [
        "3",
        "khoản 3 Mục IV",
        "Khoảng điểm xếp loại chưa phân biệt rõ mức 2 và mức 3.",
        "Mức 2: từ 50 đến dưới 75 điểm; Mức 3: từ 75 điểm trở lên.",
    ],
    ["4", "Mục V, khoản 2", "Thời hạn gửi báo cáo tự đánh giá quá sát cuối năm.", "Trước ngày 30 tháng 11 hằng năm."],
]
COMMENT_TABLE = LetterSpec(
    issuer=["BỘ TÀI CHÍNH"],
    number="Số: 2231/BTC-THTK",
    place_date="Hà Nội, ngày 18 tháng 11 năm 2026",
    subject="V/v góp ý dự thảo Phương pháp đánh giá mức độ chuyển đổi số",
    recipients=["Bộ Khoa học và Công nghệ"],
    body=[
        "Trả lời Công văn số 450/BKHCN-CĐS ngày 06/11/2026 của Bộ Khoa học và Công nghệ, Bộ Tài chính có ý kiến "
        "góp ý như sau:",
        _TABLE,
        "Trên đây là ý kiến của Bộ Tài chính, gửi Bộ Khoa học và Công nghệ tổng hợp./.",
    ],
    signer="Bùi Văn Khắng",
    **_SIGN_MINISTRY,
)
COMMENT_TABLE_EXPECTED = {
    "position": "comments",
    "letter": {
        "number": "2231/BTC-THTK",
        "date": "2026-11-18",
        "agency": "Bộ Tài chính",
        "signer": "Bùi Văn Khắng",
        "signer_title": "Thứ trưởng",
        "answers": "450/BKHCN-CĐS",
    },
    "items": [
        {
            "refs": ["dòng 2.1 Mục III"],
            "text": "Tỷ lệ dịch vụ công trực tuyến toàn trình nên tính trên tổng số thủ tục đủ điều kiện.",
            "proposed_wording": "Tỷ lệ dịch vụ công trực tuyến toàn trình trên tổng số thủ tục hành chính đủ điều kiện",
        },
        {
            "refs": ["dòng 2.2 Mục III", "dòng 2.3 Mục III"],
            "text": "Đề nghị tách thành hai tiêu chí có điểm riêng.",
            "proposed_wording": "",
        },
        {
            "refs": ["khoản 3 Mục IV"],
            "text": "Khoảng điểm xếp loại chưa phân biệt rõ mức 2 và mức 3.",
            "proposed_wording": "Mức 2: từ 50 đến dưới 75 điểm; Mức 3: từ 75 điểm trở lên.",
        },
        {
            "refs": ["khoản 2 Mục V"],
            "text": "Thời hạn gửi báo cáo tự đánh giá quá sát cuối năm.",
            "proposed_wording": "Trước ngày 30 tháng 11 hằng năm.",
        },
    ],
    "general": [{"text": "Đề nghị bổ sung thuyết minh cách xác định trọng số các nhóm chỉ số."}],
}

# 4. A strategy cited by section ("Mục II Điều 1", "khoản 3 Mục III") and by quoting its text.
STRATEGY_SECTIONS = LetterSpec(
    parent=["BỘ NỘI VỤ"],
    issuer=["VỤ TỔ CHỨC - BIÊN CHẾ"],
    number="Số: 77/TCBC-CCHC",
    place_date="Hà Nội, ngày 09 tháng 11 năm 2026",
    subject="V/v góp ý dự thảo Chiến lược chuyển đổi số",
    recipients=["Bộ Khoa học và Công nghệ"],
    body=[
        "Phúc đáp Công văn số 501/BKHCN-CĐS ngày 25/11/2026, Bộ Nội vụ có ý kiến như sau:",
        "Về Mục II Điều 1, các chỉ tiêu mục tiêu cần có số liệu năm gốc để đo lường.",
        "Đối với mục tiêu “90% thủ tục hành chính … toàn trình”, đề nghị làm rõ cách xác định thủ tục đủ điều kiện.",
        "Khoản 3 Mục III: đề nghị bổ sung nhiệm vụ xây dựng cơ sở dữ liệu cán bộ, công chức.",
        "Đối với nội dung “Bồi dưỡng kỹ năng số cho cán bộ, công chức, viên chức”, đề nghị bổ sung đối tượng người "
        "lao động hợp đồng.",
        "Đề nghị bổ sung cơ chế đánh giá giữa kỳ việc thực hiện Chiến lược.",
        "Trân trọng./.",
    ],
    authority=["TL. BỘ TRƯỞNG", "VỤ TRƯỞNG"],
    signer="Trương Hải Long",
)
STRATEGY_SECTIONS_EXPECTED = {
    "position": "comments",
    "letter": {
        "number": "77/TCBC-CCHC",
        "date": "2026-11-09",
        "agency": "Bộ Nội vụ",
        "signer": "Trương Hải Long",
        "signer_title": "Vụ trưởng",
        "answers": "501/BKHCN-CĐS",
    },
    "items": [
        {
            "refs": ["Mục II Điều 1"],
            "text": "Về Mục II Điều 1, các chỉ tiêu mục tiêu cần có số liệu năm gốc để đo lường.",
            "proposed_wording": "",
        },
        {
            "refs": ["gạch đầu dòng thứ hai điểm a khoản 2 Mục II Điều 1"],
            "text": "Đối với mục tiêu “90% thủ tục hành chính … toàn trình”, đề nghị làm rõ cách xác định thủ tục đủ "
            "điều kiện.",
            "proposed_wording": "",
        },
        {
            "refs": ["khoản 3 Mục III Điều 1"],
            "text": "Khoản 3 Mục III: đề nghị bổ sung nhiệm vụ xây dựng cơ sở dữ liệu cán bộ, công chức.",
            "proposed_wording": "",
        },
        {
            "refs": ["điểm a khoản 6 Mục III Điều 1"],
            "text": "Đối với nội dung “Bồi dưỡng kỹ năng số cho cán bộ, công chức, viên chức”, đề nghị bổ sung đối "
            "tượng người lao động hợp đồng.",
            "proposed_wording": "",
        },
    ],
    "general": [{"text": "Đề nghị bổ sung cơ chế đánh giá giữa kỳ việc thực hiện Chiến lược."}],
}

# 5. Agrees entirely.
AGREES = LetterSpec(
    issuer=["BỘ QUỐC PHÒNG"],
    number="Số: 1120/BQP-CNTT",
    place_date="Hà Nội, ngày 07 tháng 11 năm 2026",
    subject="V/v góp ý dự thảo Nghị định về dữ liệu mở",
    recipients=["Bộ Khoa học và Công nghệ"],
    body=[
        "Phúc đáp Công văn số 412/BKHCN-CĐS ngày 02/11/2026 của Bộ Khoa học và Công nghệ, Bộ Quốc phòng thống "
        "nhất với nội dung dự thảo Nghị định, không có ý kiến bổ sung.",
        "Trân trọng./.",
    ],
    signer="Lê Huy Vịnh",
    **_SIGN_MINISTRY,
)
AGREES_EXPECTED = {
    "position": "agree",
    "letter": {
        "number": "1120/BQP-CNTT",
        "date": "2026-11-07",
        "agency": "Bộ Quốc phòng",
        "signer": "Lê Huy Vịnh",
        "signer_title": "Thứ trưởng",
        "answers": "412/BKHCN-CĐS",
    },
    "items": [],
    "general": [],
}

# 6. Proposals in quotes ("Sửa thành:", "đề nghị sửa lại như sau:" then the wording in its own paragraph),
#    citations inside the reasoning and of other documents.
PROPOSALS = LetterSpec(
    issuer=["BỘ CÔNG AN"],
    number="Số: 3310/BCA-A05",
    place_date="Hà Nội, ngày 15 tháng 11 năm 2026",
    subject="V/v góp ý dự thảo Nghị định quy định về dữ liệu mở",
    recipients=["Bộ Khoa học và Công nghệ"],
    body=[
        "Phúc đáp Công văn số 412/BKHCN-CĐS ngày 02/11/2026 của Bộ Khoa học và Công nghệ, Bộ Công an góp ý như sau:",
        "1. Khoản 3 Điều 4, đề nghị sửa lại như sau:",
        "“3. Không cung cấp dữ liệu thuộc bí mật nhà nước, dữ liệu cá nhân, dữ liệu ảnh hưởng đến quốc phòng, an "
        "ninh.”",
        "2. Điểm c khoản 1 Điều 5. Sửa thành: Gây mất an toàn thông tin mạng, an ninh mạng.",
        "3. Đề nghị sửa khoản 1 Điều 8 thành “Dữ liệu mở được công bố trên Cổng dữ liệu quốc gia.” để bảo đảm "
        "thống nhất với khoản 4 Điều 3.",
        "4. Khoản 2 Điều 10 cần quy định theo khoản 3 Điều 24 Luật Dữ liệu, đồng thời phù hợp với Điều 11.",
        "Trên đây là ý kiến của Bộ Công an./.",
    ],
    signer="Nguyễn Văn Long",
    **_SIGN_MINISTRY,
)
PROPOSALS_EXPECTED = {
    "position": "comments",
    "letter": {
        "number": "3310/BCA-A05",
        "date": "2026-11-15",
        "agency": "Bộ Công an",
        "signer": "Nguyễn Văn Long",
        "signer_title": "Thứ trưởng",
        "answers": "412/BKHCN-CĐS",
    },
    "items": [
        {
            "refs": ["khoản 3 Điều 4"],
            "text": "Khoản 3 Điều 4, đề nghị sửa lại như sau:",
            "proposed_wording": "3. Không cung cấp dữ liệu thuộc bí mật nhà nước, dữ liệu cá nhân, dữ liệu ảnh "
            "hưởng đến quốc phòng, an ninh.",
        },
        {
            "refs": ["điểm c khoản 1 Điều 5"],
            "text": "Điểm c khoản 1 Điều 5. Sửa thành:",
            "proposed_wording": "Gây mất an toàn thông tin mạng, an ninh mạng.",
        },
        {
            "refs": ["khoản 1 Điều 8"],
            "text": "Đề nghị sửa khoản 1 Điều 8 thành “Dữ liệu mở được công bố trên Cổng dữ liệu quốc gia.” để "
            "bảo đảm thống nhất với khoản 4 Điều 3.",
            "proposed_wording": "Dữ liệu mở được công bố trên Cổng dữ liệu quốc gia.",
        },
        {
            "refs": ["khoản 2 Điều 10"],
            "text": "Khoản 2 Điều 10 cần quy định theo khoản 3 Điều 24 Luật Dữ liệu, đồng thời phù hợp với Điều 11.",
            "proposed_wording": "",
        },
    ],
    "general": [],
}

# 7. Disagrees with issuing the decree at all.
DISAGREES = LetterSpec(
    issuer=["VĂN PHÒNG CHÍNH PHỦ"],
    number="Số: 640/VPCP-KSTT",
    place_date="Hà Nội, ngày 20 tháng 11 năm 2026",
    subject="V/v ý kiến về dự thảo Nghị định dữ liệu mở",
    recipients=["Bộ Khoa học và Công nghệ"],
    body=[
        "Phúc đáp Công văn số 412/BKHCN-CĐS ngày 02/11/2026, Văn phòng Chính phủ có ý kiến như sau:",
        "Văn phòng Chính phủ không thống nhất với việc ban hành dự thảo Nghị định tại thời điểm này, vì các nội "
        "dung về dữ liệu mở đã được quy định đầy đủ tại Luật Dữ liệu và các văn bản hướng dẫn.",
        "Trân trọng./.",
    ],
    authority=["KT. BỘ TRƯỞNG, CHỦ NHIỆM", "PHÓ CHỦ NHIỆM"],
    signer="Nguyễn Sỹ Hiệp",
)
DISAGREES_EXPECTED = {
    "position": "disagree",
    "letter": {
        "number": "640/VPCP-KSTT",
        "date": "2026-11-20",
        "agency": "Văn phòng Chính phủ",
        "signer": "Nguyễn Sỹ Hiệp",
        "signer_title": "Phó Chủ nhiệm",
        "answers": "412/BKHCN-CĐS",
    },
    "items": [],
    "general": [
        {
            "text": "Văn phòng Chính phủ không thống nhất với việc ban hành dự thảo Nghị định tại thời điểm này, vì "
            "các nội dung về dữ liệu mở đã được quy định đầy đủ tại Luật Dữ liệu và các văn bản hướng dẫn."
        }
    ],
}

# 8. Plain paragraphs without list marks: the preamble, shared outer parts, dashes, a section, "Điều này".
PLAIN_PARAGRAPHS = LetterSpec(
    issuer=["BỘ Y TẾ"],
    number="Số: 1456/BYT-CNTT",
    place_date="Hà Nội, ngày 11 tháng 11 năm 2026",
    subject="V/v góp ý dự thảo Nghị định về dữ liệu mở",
    recipients=["Bộ Khoa học và Công nghệ"],
    body=[
        "Bộ Y tế nhận được Công văn số 412/BKHCN-CĐS ngày 02/11/2026 của Bộ Khoa học và Công nghệ. Sau khi nghiên "
        "cứu, Bộ Y tế có ý kiến như sau:",
        "Về phần căn cứ ban hành, đề nghị bổ sung Luật Tổ chức chính quyền địa phương.",
        "Khoản 1 và khoản 2 Điều 3 cần viết lại cho ngắn gọn, dễ hiểu.",
        "Gạch đầu dòng thứ hai điểm b khoản 2 Điều 9: đề nghị ghi rõ thời điểm theo giờ Việt Nam.",
        "Mục 1 Chương II nên đổi tên thành “Lập danh mục dữ liệu mở”.",
        "Điều 5a được bổ sung là phù hợp; tuy nhiên khoản 2 Điều này cần giao Bộ Khoa học và Công nghệ hướng dẫn.",
        "Bộ Y tế gửi Bộ Khoa học và Công nghệ để tổng hợp.",
    ],
    authority=["BỘ TRƯỞNG"],
    signer="Đào Hồng Lan",
)
PLAIN_PARAGRAPHS_EXPECTED = {
    "position": "comments",
    "letter": {
        "number": "1456/BYT-CNTT",
        "date": "2026-11-11",
        "agency": "Bộ Y tế",
        "signer": "Đào Hồng Lan",
        "signer_title": "Bộ trưởng",
        "answers": "412/BKHCN-CĐS",
    },
    "items": [
        {
            "refs": ["Phần mở đầu"],
            "text": "Về phần căn cứ ban hành, đề nghị bổ sung Luật Tổ chức chính quyền địa phương.",
            "proposed_wording": "",
        },
        {
            "refs": ["khoản 1 Điều 3", "khoản 2 Điều 3"],
            "text": "Khoản 1 và khoản 2 Điều 3 cần viết lại cho ngắn gọn, dễ hiểu.",
            "proposed_wording": "",
        },
        {
            "refs": ["gạch đầu dòng thứ hai điểm b khoản 2 Điều 9"],
            "text": "Gạch đầu dòng thứ hai điểm b khoản 2 Điều 9: đề nghị ghi rõ thời điểm theo giờ Việt Nam.",
            "proposed_wording": "",
        },
        {
            "refs": ["Mục 1 Chương II"],
            "text": "Mục 1 Chương II nên đổi tên thành",
            "proposed_wording": "Lập danh mục dữ liệu mở",
        },
        {
            "refs": ["Điều 5a"],
            "text": "Điều 5a được bổ sung là phù hợp; tuy nhiên khoản 2 Điều này cần giao Bộ Khoa học và Công nghệ "
            "hướng dẫn.",
            "proposed_wording": "",
        },
    ],
    "general": [],
}

# (spec, draft, expected): every letter is also read as a PDF made from the same content.
LETTERS = {
    "prose_points": (PROSE_POINTS, DECREE, PROSE_POINTS_EXPECTED),
    "dash_list": (DASH_LIST, DECREE, DASH_LIST_EXPECTED),
    "comment_table": (COMMENT_TABLE, METHODOLOGY, COMMENT_TABLE_EXPECTED),
    "strategy_sections": (STRATEGY_SECTIONS, STRATEGY, STRATEGY_SECTIONS_EXPECTED),
    "agrees": (AGREES, DECREE, AGREES_EXPECTED),
    "proposals": (PROPOSALS, DECREE, PROPOSALS_EXPECTED),
    "disagrees": (DISAGREES, DECREE, DISAGREES_EXPECTED),
    "plain_paragraphs": (PLAIN_PARAGRAPHS, DECREE, PLAIN_PARAGRAPHS_EXPECTED),
}
