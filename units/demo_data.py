"""Demo data for Directive 01/CT-UBND (23/9/2021) of the People's Committee of
Sơn Dương district, Tuyên Quang province (plain Python constants, no Django).

Sources
-------
* DIRECTIVE: the text of the directive in
  /work/shared/directive-01-CT-UBND-2021.txt (an OCR/text export). Subject,
  preamble, items 1-8, closing paragraphs and "Nơi nhận" lines are taken from it
  verbatim. Only layout artefacts were fixed:
    - item 3 and the 2nd preamble paragraph were split by page breaks
      ("sở" / "trường", "hiệu quả" / "chỉ đạo") and have been rejoined with a space;
    - the page number "2" after "Lưu: VT." was dropped;
    - "Số: 01 /CT-UBND" is normalised to "01/CT-UBND"; the "*✱*" after
      "Nơi nhận:" is dropped.
  Nothing else was changed (e.g. "văn hoá", "uỷ quyền" keep the source's old-style
  accent placement; item 8's heading has no colon in the source).
* COMMUNES: Resolution 816/NQ-UBTVQH14 of 21/11/2019 of the National Assembly
  Standing Committee (in force 01/01/2020) merged Thanh Phát + Tuân Lộ into
  Tân Thanh and Lâm Xuyên + Sầm Dương into Trường Sinh; afterwards the district
  had 30 communes + 1 town (news item on hdndtuyenquang.gov.vn, the provincial
  People's Council site; resolution header on thuvienphapluat.vn). The 30 names
  come from secondary pages that copy Vietnamese Wikipedia (remaps.vn,
  defzone.net mirror), which agree with each other and with the merger. Those
  pages spell "Thương Ấm"; the correct name "Thượng Ấm" is used (a business
  directory page gives "Thượng ấm"). The next change, Resolution
  1106/NQ-UBTVQH15 (merging Hồng Lạc + Vân Sơn into Hồng Sơn from 01/9/2024),
  came after 2021 and is NOT applied here.
* AGENCIES: the 10 uniform district agencies of Decree 37/2014/NĐ-CP, Art. 7
  (checked against a summary of the decree and the consolidated text
  3/VBHN-BNV/2020 incl. Decree 108/2020/NĐ-CP). For Sơn Dương itself only two
  are confirmed, by the directive's own text: "cơ quan Tổ chức - Nội vụ"
  (items 7 and closing) and "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân
  huyện" (item 8; recipients "Chánh, PVP HĐND & UBND huyện").

Unverified (most plausible value used)
--------------------------------------
* Whether Sơn Dương's Inspectorate was merged with the Party Inspection
  Commission into "Cơ quan Ủy ban Kiểm tra - Thanh tra huyện" in 2021 (assumed
  yes, following Tuyên Quang's pilot pattern; otherwise it is "Thanh tra huyện").
* The district-specific agencies of Decree 37/2014 Art. 8 (Phòng Kinh tế và Hạ
  tầng, Phòng Nông nghiệp và Phát triển nông thôn, Phòng Dân tộc) and Phòng Y tế
  are assumed to exist with those names; no Sơn Dương source was found.
* Giang Tuấn Anh as Chairman in 9/2021 comes from the directive's signature
  only; no independent source was found.
* Signature block: the text shows only "CHỦ TỊCH" (no "TM. ỦY BAN NHÂN DÂN"),
  so signing_mode is "". The OCR text lacks the whole document header too, so a
  lost "TM." line cannot be ruled out.
* DEMO_LEADERS: apart from the Chairman, the names are fictional.
* Commune codes are our own ASCII slugs, not the official GSO unit codes.
"""

AUTHORITY = {
    "code": "UBND-SD",
    "name": "UBND huyện Sơn Dương",
    "full_name": "Ủy ban nhân dân huyện Sơn Dương",
    "parent_name": "UBND tỉnh Tuyên Quang",
    "place": "Sơn Dương",
    "abbreviation": "UBND",
}

# (code, name, short_name, special_role, symbol, head's signing title) -- special_role is "office",
# "home_affairs" or "". 13 district-level agencies as of 2021 (see docstring for which ones are
# verified). The symbol goes into document numbers ("05/BC-TP"); the title under a signature.
AGENCIES = [
    # Confirmed by the directive (item 8): Office of the People's Council & Committee.
    ("VP-HDND-UBND", "Văn phòng HĐND và UBND huyện", "Văn phòng HĐND và UBND", "office", "VP", "Chánh Văn phòng"),
    # Confirmed by the directive (item 7): merged Party organization board + Home Affairs.
    ("TCNV", "Cơ quan Tổ chức - Nội vụ huyện", "Tổ chức - Nội vụ", "home_affairs", "TCNV", "Trưởng cơ quan"),
    # UNVERIFIED: assumed merged Inspection Commission + Inspectorate ("Thanh tra huyện" otherwise).
    ("UBKT-TT", "Cơ quan Ủy ban Kiểm tra - Thanh tra huyện", "Kiểm tra - Thanh tra", "", "UBKTTT", "Trưởng cơ quan"),
    ("TP", "Phòng Tư pháp", "Tư pháp", "", "TP", "Trưởng phòng"),
    ("TCKH", "Phòng Tài chính - Kế hoạch", "Tài chính - Kế hoạch", "", "TCKH", "Trưởng phòng"),
    ("TNMT", "Phòng Tài nguyên và Môi trường", "Tài nguyên và Môi trường", "", "TNMT", "Trưởng phòng"),
    ("LDTBXH", "Phòng Lao động - Thương binh và Xã hội", "Lao động - TB&XH", "", "LĐTBXH", "Trưởng phòng"),
    ("VHTT", "Phòng Văn hóa và Thông tin", "Văn hóa và Thông tin", "", "VHTT", "Trưởng phòng"),
    ("GDDT", "Phòng Giáo dục và Đào tạo", "Giáo dục và Đào tạo", "", "GDĐT", "Trưởng phòng"),
    ("YT", "Phòng Y tế", "Y tế", "", "YT", "Trưởng phòng"),
    # Decree 37/2014 Art. 8 agencies for rural districts -- UNVERIFIED for Sơn Dương.
    ("KTHT", "Phòng Kinh tế và Hạ tầng", "Kinh tế và Hạ tầng", "", "KTHT", "Trưởng phòng"),
    ("NNPTNT", "Phòng Nông nghiệp và Phát triển nông thôn", "Nông nghiệp và PTNT", "", "NNPTNT", "Trưởng phòng"),
    ("DT", "Phòng Dân tộc", "Dân tộc", "", "DT", "Trưởng phòng"),
]


# (code, name, kind) -- kind is "town" or "commune". The 31 commune-level units of
# Sơn Dương from 01/01/2020 (Resolution 816/NQ-UBTVQH14) until 31/8/2024.
COMMUNES = [
    ("TT-SON-DUONG", "Thị trấn Sơn Dương", "town"),
    ("XA-BINH-YEN", "Xã Bình Yên", "commune"),
    ("XA-CAP-TIEN", "Xã Cấp Tiến", "commune"),
    ("XA-CHI-THIET", "Xã Chi Thiết", "commune"),
    ("XA-DAI-PHU", "Xã Đại Phú", "commune"),
    ("XA-DONG-LOI", "Xã Đông Lợi", "commune"),
    ("XA-DONG-QUY", "Xã Đồng Quý", "commune"),
    ("XA-DONG-THO", "Xã Đông Thọ", "commune"),
    ("XA-HAO-PHU", "Xã Hào Phú", "commune"),
    ("XA-HONG-LAC", "Xã Hồng Lạc", "commune"),
    ("XA-HOP-HOA", "Xã Hợp Hòa", "commune"),
    ("XA-HOP-THANH", "Xã Hợp Thành", "commune"),
    ("XA-KHANG-NHAT", "Xã Kháng Nhật", "commune"),
    ("XA-LUONG-THIEN", "Xã Lương Thiện", "commune"),
    ("XA-MINH-THANH", "Xã Minh Thanh", "commune"),
    ("XA-NINH-LAI", "Xã Ninh Lai", "commune"),
    ("XA-PHU-LUONG", "Xã Phú Lương", "commune"),
    ("XA-PHUC-UNG", "Xã Phúc Ứng", "commune"),
    ("XA-QUYET-THANG", "Xã Quyết Thắng", "commune"),
    ("XA-SON-NAM", "Xã Sơn Nam", "commune"),
    ("XA-TAM-DA", "Xã Tam Đa", "commune"),
    ("XA-TAN-THANH", "Xã Tân Thanh", "commune"),
    ("XA-TAN-TRAO", "Xã Tân Trào", "commune"),
    ("XA-THIEN-KE", "Xã Thiện Kế", "commune"),
    ("XA-THUONG-AM", "Xã Thượng Ấm", "commune"),
    ("XA-TRUNG-YEN", "Xã Trung Yên", "commune"),
    ("XA-TRUONG-SINH", "Xã Trường Sinh", "commune"),
    ("XA-TU-THINH", "Xã Tú Thịnh", "commune"),
    ("XA-VAN-PHU", "Xã Văn Phú", "commune"),
    ("XA-VAN-SON", "Xã Vân Sơn", "commune"),
    ("XA-VINH-LOI", "Xã Vĩnh Lợi", "commune"),
]

# Demo people (fictional except the Chairman who signed the directive).
# (username, full_name, role, portfolio)
DEMO_LEADERS = [
    ("chutich", "Giang Tuấn Anh", "chairman", "Phụ trách chung"),
    ("pct.kinhte", "Trần Quang Dũng", "vice_chairman", "Kinh tế - Tài nguyên"),
    ("pct.vanhoa", "Hoàng Thị Minh Nguyệt", "vice_chairman", "Văn hóa - Xã hội"),
]


# Heads of the units that have no demo account, so every signature in the demo has a name (they
# cannot sign in). Fictional names, one per unit in the order of AGENCIES then COMMUNES.
_FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Hà", "Ma", "Nông", "Lý", "Đặng", "Vũ", "Bùi", "Đỗ"]
_MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Thanh", "Quang", "Ngọc"]
_GIVEN = ["An", "Bình", "Cường", "Dũng", "Giang", "Hải", "Hạnh", "Hiếu", "Hòa", "Huy", "Khánh", "Lâm", "Linh", "Long"]
HEAD_NAMES = [
    f"{_FAMILY[i % len(_FAMILY)]} {_MIDDLE[(i * 3) % len(_MIDDLE)]} {_GIVEN[(i * 5) % len(_GIVEN)]}" for i in range(60)
]


# ---- The province demo (docs/architecture.md §17) ---------------------------------------------------
# Tuyên Quang province after 1 July 2025 (two tiers of local government): the provincial People's
# Committee with its Office, three departments and three of its communes; Tân Trào commune also runs
# its own directives to its own offices. Unit names follow the 2025 structure (Decree 45/2025/NĐ-CP
# for provincial departments, Decree 150/2025/NĐ-CP for a commune's offices); every person is
# fictional. Codes are our own ASCII slugs.

PROVINCE = {
    "code": "UBND-TQ",
    "name": "UBND tỉnh Tuyên Quang",
    "full_name": "Ủy ban nhân dân tỉnh Tuyên Quang",
    "parent_name": "",
    "place": "Tuyên Quang",
    "abbreviation": "UBND",
}

# (code, name, short name, special role, symbol, head's title when signing)
PROVINCE_AGENCIES = [
    ("TQ-VP-UBND", "Văn phòng UBND tỉnh", "Văn phòng UBND tỉnh", "office", "VP", "Chánh Văn phòng"),
    ("TQ-SO-NOI-VU", "Sở Nội vụ", "Sở Nội vụ", "home_affairs", "SNV", "Giám đốc"),
    ("TQ-SO-TAI-CHINH", "Sở Tài chính", "Sở Tài chính", "", "STC", "Giám đốc"),
    ("TQ-SO-NN-MT", "Sở Nông nghiệp và Môi trường", "Sở NN và MT", "", "SNNMT", "Giám đốc"),
]

PROVINCE_COMMUNES = [
    ("TQ-TAN-TRAO", "Xã Tân Trào", "commune"),
    ("TQ-MINH-THANH", "Xã Minh Thanh", "commune"),
    ("TQ-SON-DUONG", "Xã Sơn Dương", "commune"),
]

PROVINCE_LEADERS = [
    ("chutich", "Nguyễn Văn Sơn", "chairman", "Phụ trách chung"),
    ("pct.kinhte", "Hoàng Việt Phương", "vice_chairman", "Kinh tế - Nông nghiệp"),
    ("pct.vanhoa", "Vương Ngọc Hà", "vice_chairman", "Văn hóa - Xã hội"),
]

# (username, full name, unit code, position, title)
PROVINCE_MEMBERS = [
    ("chanhvanphong", "Nguyễn Văn Hùng", "TQ-VP-UBND", "head", "Chánh Văn phòng UBND tỉnh"),
    ("vanphong", "Lê Thị Thu Hà", "TQ-VP-UBND", "officer", "Chuyên viên Văn phòng UBND tỉnh"),
    ("truong.tcnv", "Phạm Đức Thắng", "TQ-SO-NOI-VU", "head", "Giám đốc Sở Nội vụ"),
    ("tcnv", "Đỗ Thị Lan", "TQ-SO-NOI-VU", "officer", "Chuyên viên Sở Nội vụ"),
    ("chutich.tantrao", "Hà Văn Quân", "TQ-TAN-TRAO", "head", "Chủ tịch UBND xã Tân Trào"),
    ("pct.tantrao", "Ma Thị Hồng", "TQ-TAN-TRAO", "deputy", "Phó Chủ tịch UBND xã Tân Trào"),
    ("cv.tantrao", "Nông Văn Bình", "TQ-TAN-TRAO", "officer", "Công chức Văn phòng HĐND và UBND xã Tân Trào"),
    ("chutich.minhthanh", "Vũ Minh Tuấn", "TQ-MINH-THANH", "head", "Chủ tịch UBND xã Minh Thanh"),
    ("quantri.tinh", "Trần Thị Thu Trang", "TQ-VP-UBND", "officer", "Chuyên viên quản trị hệ thống, Văn phòng"),
]

# Who administers each authority in the app (Membership.administers): (username, unit code). The
# province's is set by the system administrator, Tân Trào's by the province.
ADMINISTRATORS = [("quantri.tinh", "TQ-VP-UBND"), ("cv.tantrao", "TT-VP")]

# Tân Trào as an authority: its People's Committee gives tasks to its own offices. The culture and
# society office plays Organization–Home Affairs' part (set as data: special_role).
TAN_TRAO = {
    "code": "UBND-TAN-TRAO",
    "name": "UBND xã Tân Trào",
    "full_name": "Ủy ban nhân dân xã Tân Trào",
    "parent_name": "UBND tỉnh Tuyên Quang",
    "place": "Tân Trào",
    "abbreviation": "UBND",
}

TAN_TRAO_OFFICES = [
    ("TT-VP", "Văn phòng HĐND và UBND xã Tân Trào", "Văn phòng HĐND và UBND", "office", "VP", "Chánh Văn phòng"),
    ("TT-VHXH", "Phòng Văn hóa - Xã hội xã Tân Trào", "Văn hóa - Xã hội", "home_affairs", "VHXH", "Trưởng phòng"),
    ("TT-KT", "Phòng Kinh tế xã Tân Trào", "Kinh tế", "", "KT", "Trưởng phòng"),
    ("TT-PVHCC", "Trung tâm Phục vụ hành chính công xã Tân Trào", "Phục vụ hành chính công", "", "TTPVHCC", "Giám đốc"),
]

TAN_TRAO_LEADERS = [
    ("chutich.tantrao", "Hà Văn Quân", "chairman", "Phụ trách chung"),
    ("pct.tantrao", "Ma Thị Hồng", "vice_chairman", "Kinh tế - Văn hóa - Xã hội"),
]

TAN_TRAO_MEMBERS = [
    ("cv.tantrao", "Nông Văn Bình", "TT-VP", "officer", "Công chức Văn phòng HĐND và UBND xã"),
    ("vhxh.tantrao", "Triệu Thị Mai", "TT-VHXH", "officer", "Công chức Phòng Văn hóa - Xã hội"),
    ("truong.kt.tantrao", "Lý Văn Khánh", "TT-KT", "head", "Trưởng phòng Kinh tế"),
]
