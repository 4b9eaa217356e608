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


# What a unit writes under each item in a demo quarter (item number → variants; a unit takes one by
# its position). {figures} are the report's own values, so the text and the table agree.
NARRATIVES = {
    1: [
        "Ngay sau khi nhận Chỉ thị, {unit} đã tổ chức {hoi_nghi_quan_triet} buổi quán triệt tới "
        "{nguoi_duoc_quan_triet} lượt cán bộ, công chức, viên chức; phân công lãnh đạo phụ trách, theo dõi việc "
        "chấp hành Quy chế làm việc của UBND huyện. Văn bản tham mưu gửi UBND huyện đều do người đứng đầu ký.",
        "{unit} lồng ghép quán triệt Chỉ thị trong giao ban định kỳ ({hoi_nghi_quan_triet} buổi, "
        "{nguoi_duoc_quan_triet} lượt người tham dự); niêm yết nội dung Chỉ thị tại trụ sở và đăng tải trên "
        "trang thông tin điện tử của đơn vị.",
    ],
    2: [
        "Tỷ lệ văn bản, hồ sơ công việc xử lý trên môi trường điện tử đạt {ty_le_van_ban_dien_tu}%. Trong kỳ "
        "giải quyết {ho_so_dung_han} hồ sơ thủ tục hành chính đúng hạn, {ho_so_tre_han} hồ sơ trễ hạn; các hồ sơ "
        "trễ hạn đã có văn bản xin lỗi người dân theo quy định.",
        "Bộ phận một cửa tiếp nhận và trả kết quả đúng quy trình; {ho_so_dung_han} hồ sơ giải quyết đúng hạn, "
        "{ho_so_tre_han} hồ sơ trễ hạn do phải xác minh thực địa. Tỷ lệ xử lý văn bản trên môi trường điện tử "
        "đạt {ty_le_van_ban_dien_tu}%.",
    ],
    3: [
        "Đã rà soát, điều chỉnh Quy chế làm việc và Quy chế văn hóa công sở phù hợp với Chỉ thị; phân công "
        "nhiệm vụ cụ thể cho từng cán bộ, công chức.",
        "Đang hoàn thiện dự thảo sửa đổi Quy chế làm việc; Quy chế văn hóa công sở được thực hiện nghiêm, "
        "cán bộ, công chức đeo thẻ khi làm nhiệm vụ.",
    ],
    4: [
        "Việc giao nhiệm vụ gắn với thời hạn và sản phẩm cụ thể; kết quả thực hiện nhiệm vụ là căn cứ đánh giá, "
        "xếp loại cán bộ, công chức, viên chức cuối năm.",
    ],
    5: [
        "Người đứng đầu trực tiếp dự đầy đủ các cuộc họp do UBND huyện tổ chức; trường hợp bận công tác đã báo "
        "cáo người chủ trì và cử cấp phó dự thay khi được đồng ý.",
    ],
    6: [
        "Cán bộ, công chức chấp hành nghiêm giờ giấc làm việc, có thái độ đúng mực khi tiếp xúc, giải quyết công "
        "việc của người dân; không phát hiện trường hợp vi phạm đạo đức công vụ.",
        "Duy trì kiểm tra đột xuất việc chấp hành giờ giấc làm việc; nhắc nhở 01 trường hợp chưa thực hiện đúng "
        "quy chế văn hóa công sở.",
    ],
    7: [
        "Trong kỳ tiến hành {cuoc_kiem_tra} cuộc kiểm tra việc chấp hành kỷ luật, kỷ cương hành chính; phát "
        "hiện {vi_pham_phat_hien} vi phạm, đã chấn chỉnh, nhắc nhở kịp thời.",
    ],
    8: [
        "Đề nghị UBND huyện tiếp tục quan tâm đầu tư trang thiết bị công nghệ thông tin để nâng cao tỷ lệ xử lý "
        "hồ sơ trên môi trường điện tử.",
        "Một số thủ tục hành chính liên thông còn phải chờ kết quả của cơ quan cấp tỉnh; đề nghị UBND huyện kiến "
        "nghị rút ngắn thời gian luân chuyển hồ sơ.",
    ],
}
