"""The quarterly report template of directive 01/CT-UBND: one section per item, with the figures a
reviewer of Organization–Home Affairs would ask for (plain constants, no Django)."""

TITLE = "Báo cáo kết quả thực hiện Chỉ thị số 01/CT-UBND về tăng cường kỷ luật, kỷ cương hành chính"

# The figures a report cannot be signed without (Indicator.required).
REQUIRED = {"hoi_nghi_quan_triet", "ho_so_dung_han", "ho_so_tre_han"}

# (item number, section title, [(code, label, kind)])
SECTIONS = [
    (
        1,
        "Phổ biến, quán triệt và chấp hành Quy chế làm việc",
        [
            ("hoi_nghi_quan_triet", "Số hội nghị, buổi quán triệt đã tổ chức", "integer"),
            ("nguoi_duoc_quan_triet", "Số lượt cán bộ, công chức, viên chức được quán triệt", "integer"),
            (
                "van_ban_tham_muu_do_thu_truong_ky",
                "Văn bản tham mưu gửi UBND huyện đều do người đứng đầu ký",
                "boolean",
            ),
        ],
    ),
    (
        2,
        "Cải cách hành chính, một cửa, xử lý hồ sơ trên môi trường điện tử",
        [
            ("ty_le_van_ban_dien_tu", "Tỷ lệ văn bản, hồ sơ công việc xử lý trên môi trường điện tử", "percent"),
            ("ho_so_dung_han", "Số hồ sơ thủ tục hành chính giải quyết đúng hạn", "integer"),
            ("ho_so_tre_han", "Số hồ sơ thủ tục hành chính giải quyết trễ hạn", "integer"),
        ],
    ),
    (
        3,
        "Rà soát quy chế làm việc, quy chế văn hóa công sở",
        [
            ("quy_che_da_ra_soat", "Đã rà soát, điều chỉnh quy chế làm việc của cơ quan, đơn vị", "boolean"),
            ("quy_che_van_hoa_cong_so", "Đã hoàn chỉnh quy chế văn hóa công sở", "boolean"),
        ],
    ),
    (
        4,
        "Giao nhiệm vụ, đánh giá, xếp loại cán bộ, công chức, viên chức",
        [
            ("xep_loai_xuat_sac", "Số người hoàn thành xuất sắc nhiệm vụ", "integer"),
            ("xep_loai_tot", "Số người hoàn thành tốt nhiệm vụ", "integer"),
            ("xep_loai_hoan_thanh", "Số người hoàn thành nhiệm vụ", "integer"),
            ("xep_loai_khong_hoan_thanh", "Số người không hoàn thành nhiệm vụ", "integer"),
        ],
    ),
    (
        5,
        "Trách nhiệm người đứng đầu; dự họp do UBND huyện tổ chức",
        [
            (
                "hop_cu_cap_pho_co_dong_y",
                "Số cuộc họp cấp trưởng vắng, cử cấp phó dự có sự đồng ý của người chủ trì",
                "integer",
            ),
            ("hop_cu_cap_pho_khong_dong_y", "Số cuộc họp cấp trưởng vắng, cử cấp phó dự không có sự đồng ý", "integer"),
            ("hop_vang_khong_ly_do", "Số cuộc họp đơn vị vắng mặt", "integer"),
        ],
    ),
    (
        6,
        "Đạo đức công vụ, văn hóa công sở",
        [
            ("vi_pham_van_hoa_cong_so", "Số trường hợp vi phạm văn hóa công sở, đạo đức công vụ", "integer"),
        ],
    ),
    (
        7,
        "Kiểm tra, đôn đốc việc chấp hành kỷ luật, kỷ cương hành chính",
        [
            ("cuoc_kiem_tra", "Số cuộc kiểm tra đã tiến hành", "integer"),
            ("vi_pham_phat_hien", "Số vi phạm phát hiện qua kiểm tra", "integer"),
            ("ca_nhan_bi_ky_luat", "Số cá nhân bị xử lý kỷ luật", "integer"),
            ("tap_the_bi_ky_luat", "Số tập thể bị xử lý kỷ luật", "integer"),
        ],
    ),
    (8, "Khó khăn, vướng mắc và đề xuất, kiến nghị", []),
]
