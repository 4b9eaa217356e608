"""Directive 01/CT-UBND of Sơn Dương district (23/9/2021), as demo data (plain constants, no Django).

Source: the directive's text (see units/demo_data.py for how it was cleaned and what is unverified).
"""

DIRECTIVE = {
    "kind": "chi_thi",
    "number": "01/CT-UBND",
    "issued_on": "2021-09-23",
    "place": "Sơn Dương",
    "signer_name": "Giang Tuấn Anh",
    "signer_position": "Chủ tịch",
    # The text shows only "CHỦ TỊCH" above the name (no "TM. ỦY BAN NHÂN DÂN" /
    # "KT. CHỦ TỊCH" line), so the Chairman signs in his own name. Caveat: the OCR
    # text also lost the whole header block (issuing body, national motto), so a
    # "TM. ỦY BAN NHÂN DÂN" line could have been lost the same way; see module docstring.
    "signing_mode": "",
    "subject": (
        "Về việc tăng cường thực hiện kỷ luật, kỷ cương hành chính; nâng cao tinh thần trách "
        "nhiệm trong thực thi công vụ, nhiệm vụ của đội ngũ cán bộ, công chức, viên chức trên địa "
        "bàn huyện Sơn Dương"
    ),
    # Paragraphs before item 1. The 2nd paragraph was split by a page break in the
    # source ("... hiệu quả" / "chỉ đạo, điều hành ...") and has been rejoined.
    "preamble": "\n\n".join(
        [
            (
                "Trong thời gian qua, Ủy ban nhân dân huyện, Chủ tịch Ủy ban nhân dân huyện đã chỉ "
                "đạo các cơ quan, đơn vị, UBND các xã, thị trấn trên địa bàn huyện thực hiện nhiều "
                "biện pháp tăng cường kỷ luật, kỷ cương hành chính nhằm nâng cao chất lượng, hiệu quả "
                "công tác chỉ đạo, điều hành, công tác tham mưu, quản lý nhà nước và thực thi công "
                "vụ, nhiệm vụ trên các lĩnh vực. Các cơ quan, đơn vị, UBND các xã, thị trấn đã thực "
                "hiện tương đối nghiêm túc, có hiệu quả theo chức năng, nhiệm vụ được giao; tinh thần "
                "trách nhiệm, tác phong, lề lối làm việc của đội ngũ công chức, viên chức đã có sự "
                "chuyển biến, góp phần thực hiện thắng lợi các mục tiêu, nhiệm vụ phát triển kinh tế "
                "- xã hội, đảm bảo quốc phòng - an ninh trên địa bàn huyện."
            ),
            (
                "Bên cạnh những kết quả đạt được, vẫn còn một số cơ quan, đơn vị, UBND các xã, thị "
                "trấn chưa chấp hành nghiêm sự chỉ đạo, điều hành của Ủy ban nhân dân huyện, Chủ tịch "
                "Ủy ban nhân dân huyện, quy chế làm việc của Ủy ban nhân dân huyện và các chính sách, "
                "pháp luật của Nhà nước; một số công việc, nhiệm vụ được Ủy ban nhân dân huyện, Chủ "
                "tịch Ủy ban nhân dân huyện giao nhưng các cơ quan, đơn vị, UBND các xã, thị trấn "
                "triển khai thực hiện chậm tiến độ, thậm chí bỏ sót nhiệm vụ, chưa chủ động, thiếu "
                "quyết liệt, chất lượng tham mưu chưa đảm bảo theo yêu cầu; công tác quản lý Nhà nước "
                "ở một số lĩnh vực, địa bàn bị buông lỏng, nhất là công tác quản lý đất đai; tình "
                "trạng né tránh, đùn đẩy trách nhiệm còn xảy ra; công tác phối hợp giữa các cơ quan, "
                "đơn vị, UBND các xã, thị trấn có lúc, có việc còn thiếu chặt chẽ, hiệu quả chưa cao; "
                "một bộ phận công chức, viên chức chưa chấp hành nghiêm sự chỉ đạo, điều hành, quyết "
                "định của cấp trên, vi phạm quy định về văn hoá công sở, còn có tình trạng gây phiền "
                "hà, sách nhiễu, vòi vĩnh đối với tổ chức, cá nhân trong thực hiện công vụ, nhiệm vụ, "
                "cá biệt có cán bộ, công chức vi phạm quy định của Đảng, pháp luật của Nhà nước đến "
                "mức phải thi hành kỷ luật, truy cứu trách nhiệm hình sự; công tác quản lý, kiểm tra, "
                "đôn đốc, giám sát việc thực hiện nhiệm vụ của công chức, viên chức chưa được quan "
                "tâm đúng mức; việc phát hiện vi phạm, xác định trách nhiệm và xử lý chưa kịp thời, "
                "chưa đủ tính răn đe, giáo dục; người đứng đầu một số cơ quan, đơn vị, UBND các xã, "
                "thị trấn chưa làm tốt vai trò, trách nhiệm được giao... Những hạn chế, yếu kém nêu "
                "trên đã ảnh hưởng không nhỏ đến kỷ luật, kỷ cương hành chính, làm giảm hiệu lực, "
                "hiệu quả chỉ đạo, điều hành của chính quyền các cấp, làm suy giảm lòng tin của công "
                "dân, doanh nghiệp và ảnh hưởng đến chỉ số năng lực cạnh tranh của huyện."
            ),
            (
                "Để tăng cường kỷ luật, kỷ cương hành chính, nâng cao tinh thần trách nhiệm trong "
                "thực thi công vụ, nhiệm vụ của đội ngũ công chức, viên chức, nâng cao hiệu lực, hiệu "
                "quả công tác chỉ đạo, điều hành và quản lý nhà nước, tạo sự chuyển biến rõ nét, nâng "
                "cao chất lượng phục vụ của các cơ quan, đơn vị nhà nước trên địa bàn huyện đối với "
                "Nhân dân, tổ chức, doanh nghiệp, đảm bảo sự nghiêm minh của pháp luật. Chủ tịch Ủy "
                "ban nhân dân huyện yêu cầu Thủ trưởng các cơ quan, đơn vị thuộc Ủy ban nhân dân "
                "huyện, Chủ tịch Ủy ban nhân dân các xã, thị trấn nêu cao tinh thần trách nhiệm, tiếp "
                "tục tổ chức thực hiện nghiêm các quy định của Đảng, pháp luật của Nhà nước, Chỉ đạo "
                "của Tỉnh ủy, Ủy ban nhân dân tỉnh về kỷ luật, kỷ cương hành chính; đồng thời tập "
                "trung thực hiện nghiêm một số nội dung sau:"
            ),
        ]
    ),
    "closing": "\n\n".join(
        [
            (
                "Thủ trưởng, người đứng đầu các cơ quan, đơn vị cấp huyện, Chủ tịch Ủy ban nhân dân "
                "các xã, thị trấn có trách nhiệm quán triệt, phổ biến sâu rộng nội dung của Chỉ thị "
                "này đến toàn thể cán bộ, công chức, viên chức, người lao động do mình quản lý và "
                "nghiêm túc triển khai thực hiện; định kỳ ngày 20 của tháng cuối quý báo cáo Chủ tịch "
                "Ủy ban nhân dân huyện (đồng gửi cơ quan Tổ chức - Nội vụ để tổng hợp). Giao cơ quan "
                "Tổ chức - Nội vụ chủ trì, tổng hợp kết quả thực hiện tại các cơ quan, đơn vị, địa "
                "phương báo cáo Chủ tịch Ủy ban nhân dân huyện vào ngày 25 của tháng cuối quý."
            ),
            (
                "Ủy ban nhân dân huyện yêu cầu thủ trưởng các cơ quan, đơn vị liên quan; Chủ tịch Ủy "
                "ban nhân dân các xã, thị trấn nghiêm túc triển khai thực hiện./."
            ),
        ]
    ),
    # "Nơi nhận" lines, verbatim without the leading "- ". Lines 1 and 3 have no
    # trailing ";" in the source text and are kept that way. The last line reads
    # "Lưu: VT. 2" in the source; the "2" is a page number and has been dropped.
    "recipients": [
        "Thường trực Tỉnh ủy, UBND tỉnh (báo cáo)",
        "Thường trực Huyện ủy;",
        "Thường trực HĐND huyện",
        "Chủ tịch, các PCT UBND huyện;",
        "Chánh, PVP HĐND & UBND huyện;",
        "Các cơ quan, đơn vị huyện;",
        "Bộ phận Một cửa huyện;",
        "UBND các xã, thị trấn;",
        "Các Chuyên viên;",
        "Lưu: VT.",
    ],
    # Item 3 was split by a page break ("sở" / "trường") and has been rejoined.
    # Item 8: heading line followed by its three "- " bullet lines, joined with "\n".
    "items": [
        (
            1,
            (
                "Tăng cường phổ biến, quán triệt và chấp hành nghiêm Quy chế làm việc của Ủy ban "
                "nhân dân huyện nhiệm kỳ 2021 - 2026 ban hành kèm theo Quyết định số 486/QĐ-UBND "
                "ngày 12/8/2021 của Ủy ban nhân dân huyện và các quy chế, nội quy, quy định của "
                "cơ quan, đơn vị. Theo đó, các cơ quan, đơn vị, UBND các xã, thị trấn phải chủ "
                "động thực hiện đúng và đầy đủ chức năng, nhiệm vụ, quyền hạn được giao, không "
                "đùn đẩy, né tránh, bỏ sót nhiệm vụ; thực hiện nghiêm nguyên tắc tập trung dân "
                "chủ, cấp dưới phải phục tùng, chấp hành nghiêm sự lãnh đạo, điều hành của cấp "
                "trên; trong quá trình tham mưu giải quyết công việc phải phân tích, làm rõ sự "
                "phù hợp của nội dung đề xuất theo các quy định hiện hành của pháp luật và tình "
                "hình thực tế; trong trường hợp nội dung đề xuất thuộc phạm vi, đối tượng điều "
                "chỉnh của nhiều văn bản quy phạm pháp luật có liên quan nhưng còn chồng chéo, "
                "chưa thống nhất thì phải phân tích, nêu rõ quan điểm, chính kiến của cơ quan, "
                "đơn vị, địa phương mình; các văn bản tham mưu gửi Ủy ban nhân dân huyện phải do "
                "người đứng đầu các cơ quan, đơn vị, Chủ tịch UBND các xã, thị trấn ký."
            ),
        ),
        (
            2,
            (
                "Tập trung đẩy mạnh cải cách hành chính, trọng tâm là cải cách thủ tục hành "
                "chính, nâng cao chất lượng dịch vụ hành chính công, góp phần nâng cao chỉ số hài "
                "lòng của tổ chức, cá nhân đối với dịch vụ hành chính công của các cơ quan, đơn "
                "vị, UBND các xã, thị trấn; thực hiện nghiêm quy chế hoạt động của bộ phận “một "
                "cửa” và quy định về tiếp nhận, xử lý văn bản, hồ sơ công việc trên môi trường "
                "điện tử từ huyện đến xã, không tiếp nhận và xử lý hồ sơ công việc bằng giấy (trừ "
                "các văn bản mật và hồ sơ, thủ tục của các doanh nghiệp, công dân). Tăng cường "
                "công tác thanh tra, kiểm tra, giám sát việc giải quyết hồ sơ, công việc của cán "
                "bộ, công chức, viên chức, tuyệt đối không để xảy ra tình trạng chậm trễ trong "
                "giải quyết công việc được giao; xử lý kịp thời, nghiêm minh theo đúng quy định "
                "của pháp luật đối với các trường hợp chậm trễ trong xử lý công việc, chất lượng "
                "tham mưu thấp, có hành vi nhũng nhiễu, phiền hà, tiêu cực, vi phạm quy định của "
                "Đảng, pháp luật của Nhà nước."
            ),
        ),
        (
            3,
            (
                "Rà soát, điều chỉnh quy chế làm việc của cơ quan, đơn vị; tiếp tục đổi mới "
                "phương thức lãnh đạo, điều hành và phân công công tác theo hướng rõ người, rõ "
                "việc, rõ trách nhiệm, rõ thời gian hoàn thành và phù hợp với năng lực, sở trường "
                "của từng cán bộ, công chức, viên chức; rà soát, hoàn chỉnh quy chế văn hoá công "
                "sở. Chấp hành nghiêm quy định về phân công, phân cấp quản lý tổ chức bộ máy, "
                "biên chế, tuyển dụng, sử dụng và quản lý cán bộ, công chức, viên chức trong các "
                "cơ quan hành chính nhà nước, đơn vị sự nghiệp trên địa bàn huyện."
            ),
        ),
        (
            4,
            (
                "Thực hiện nghiêm, có hiệu quả việc đặt hàng, giao nhiệm vụ thực hiện các nội "
                "dung đột phá, đổi mới đối với người đứng đầu các cơ quan, đơn vị, địa phương và "
                "từng bước mở rộng thực hiện đối với cấp phó của người đứng đầu. Thực hiện việc "
                "đánh giá cán bộ, công chức, viên chức và xếp loại mức độ hoàn thành nhiệm vụ của "
                "các cơ quan, đơn vị, địa phương theo đúng nội dung Nghị định số 90/2020/NĐ-CP "
                "ngày 13/8/2020 của Chính phủ về đánh giá, xếp loại chất lượng cán bộ, công chức, "
                "viên chức, Quyết định số 33/2019/QĐ-UBND ngày 25/11/2019 của Ủy ban nhân dân "
                "tỉnh và Quyết định số 625/QĐ-UBND ngày 17/11/2020 của Ủy ban nhân dân huyện. Nội "
                "dung đánh giá cần tập trung vào việc thực hiện nhiệm vụ được giao theo tiêu chí "
                "và sản phẩm cụ thể (lượng hoá bằng các chỉ tiêu cụ thể), việc chấp hành kỷ luật, "
                "kỷ cương hành chính, quy chế văn hoá công sở. Căn cứ kết quả đánh giá cán bộ, "
                "công chức, viên chức làm cơ sở để thực hiện công tác cán bộ theo quy định; kiên "
                "quyết loại bỏ ra khỏi bộ máy các cán bộ, công chức, viên chức tham nhũng, có "
                "năng lực yếu, thiếu tinh thần trách nhiệm, vi phạm phẩm chất đạo đức, không hoàn "
                "thành nhiệm vụ được giao theo quy định của pháp luật."
            ),
        ),
        (
            5,
            (
                "Người đứng đầu các cơ quan, đơn vị, UBND các xã, thị trấn phải nắm chắc tình "
                "hình và bao quát toàn bộ công việc thuộc chức năng, nhiệm vụ, địa bàn của ngành, "
                "địa phương mình (kể cả công việc đã phân cấp, uỷ quyền cho cấp phó hoặc cấp "
                "dưới); chịu trách nhiệm toàn diện trước pháp luật, trước Ủy ban nhân dân huyện "
                "và Chủ tịch Ủy ban nhân dân huyện về kết quả thực hiện nhiệm vụ của cơ quan, đơn "
                "vị, địa phương mình; đồng thời phải chịu trách nhiệm liên đới nếu để cấp phó, "
                "cán bộ, công chức, viên chức do mình quản lý bị xử lý kỷ luật; phải trực tiếp "
                "tham dự các cuộc họp do Ủy ban nhân dân huyện, Chủ tịch Ủy ban nhân dân huyện tổ "
                "chức có yêu cầu cấp trưởng tham dự, không cử cấp phó đi thay, trường hợp vì lý "
                "do khách quan không thể tham dự phải được sự đồng ý của người chủ trì. Chủ động "
                "xử lý, tham mưu giải quyết các công việc theo thẩm quyền, không trông chờ chỉ "
                "đạo của cấp trên. Tăng cường trách nhiệm trong việc giải quyết đơn thư khiếu "
                "nại, tố cáo; thực hiện nghiêm quy chế phát ngôn và cung cấp thông tin."
            ),
        ),
        (
            6,
            (
                "Thủ trưởng các cơ quan, đơn vị, Chủ tịch UBND các xã, thị trấn phải tiên phong, "
                "gương mẫu, nêu cao vai trò trách nhiệm của người đứng đầu trong việc chấp hành "
                "kỷ luật, kỷ cương hành chính, văn hoá công sở, đạo đức công vụ. Yêu cầu cán bộ, "
                "công chức, viên chức, người lao động phải nâng cao đạo đức công vụ, ý thức trách "
                "nhiệm, tinh thần phục vụ Nhân dân; thực hiện đúng và đầy đủ chức trách, nhiệm vụ "
                "được giao; tuân thủ nghiêm nội quy và kỷ luật, kỷ cương hành chính trong thực "
                "thi công vụ, nhiệm vụ; chấp hành nghiêm sự lãnh đạo, chỉ đạo, điều hành và phân "
                "công của cấp trên; tập trung nghiên cứu, tham mưu giải quyết công việc đảm bảo "
                "chất lượng và thời gian quy định, không được chậm trễ, quá hạn; thực hiện nghiêm "
                "quy định về đạo đức công vụ, văn hoá công sở, văn hoá ứng xử với tổ chức, công "
                "dân; chấp hành nghiêm quy định về sử dụng tài sản công."
            ),
        ),
        (
            7,
            (
                "Giao cơ quan Tổ chức - Nội vụ tăng cường kiểm tra, đôn đốc việc chấp hành kỷ "
                "luật, kỷ cương hành chính tại các cơ quan Nhà nước trên địa bàn huyện. Yêu cầu "
                "Thủ trưởng, người đứng đầu các cơ quan, đơn vị, địa phương tăng cường kiểm tra, "
                "đôn đốc và chỉ đạo thực hiện nghiêm việc chấp hành kỷ luật, kỷ cương hành chính "
                "tại cơ quan, đơn vị, địa phương mình. Căn cứ kết quả kiểm tra phải có biện pháp "
                "xử lý kỷ luật nghiêm minh đối với cá nhân, tập thể vi phạm."
            ),
        ),
        (
            8,
            (
                "Giao Văn phòng Hội đồng nhân dân và Ủy ban nhân dân huyện\n"
                "- Thường xuyên theo dõi, kiểm tra, đôn đốc và báo cáo Chủ tịch Ủy ban nhân dân "
                "huyện việc các cơ quan, đơn vị, UBND các xã, thị trấn không chấp hành nghiêm Quy "
                "chế làm việc của Ủy ban nhân dân huyện và Chỉ đạo của Chủ tịch Ủy ban nhân dân "
                "huyện tại Chỉ thị này.\n"
                "- Chủ động ban hành văn bản yêu cầu hoàn thiện hồ sơ, thủ tục theo quy định đối "
                "với các hồ sơ, văn bản do các cơ quan, đơn vị, UBND các xã, thị trấn tham mưu "
                "cho Ủy ban nhân dân huyện, Chủ tịch Ủy ban nhân dân huyện nhưng không đảm bảo "
                "trình tự, thủ tục quy định, chưa làm rõ sự phù hợp của nội dung tham mưu với các "
                "quy định hiện hành của pháp luật, chất lượng thấp, chưa đúng thẩm quyền, chưa "
                "đúng thời gian quy định.\n"
                "- Tổng hợp các nhiệm vụ Ủy ban nhân dân huyện, Chủ tịch Ủy ban nhân dân huyện đã "
                "giao cho các cơ quan, đơn vị, UBND các xã, thị trấn đến hạn báo cáo nhưng các cơ "
                "quan, đơn vị, địa phương chưa báo cáo theo quy định, báo cáo Chủ tịch, các Phó "
                "Chủ tịch Ủy ban nhân dân huyện vào thứ hai hằng tuần."
            ),
        ),
    ],
}


# ---- The province demo (docs/architecture.md §17) ---------------------------------------------------
# Fictional documents in the shape of 01/CT-UBND: the province's directive keeps its eight items (so
# the quarterly form asks the same), Tân Trào's plan carries it out in the commune. Numbers, dates
# and signers are invented for the demo.

PROVINCE_DIRECTIVE = {
    "kind": "chi_thi",
    "number": "05/CT-UBND",
    "issued_on": "2025-07-15",
    "place": "Tuyên Quang",
    "signer_name": "Nguyễn Văn Sơn",
    "signer_position": "Chủ tịch",
    "signing_mode": "",
    "subject": (
        "Về việc tăng cường kỷ luật, kỷ cương hành chính, nâng cao trách nhiệm thực thi công vụ khi vận hành "
        "chính quyền địa phương hai cấp trên địa bàn tỉnh Tuyên Quang"
    ),
    "preamble": (
        "Thực hiện chủ trương sắp xếp đơn vị hành chính và tổ chức chính quyền địa phương hai cấp từ ngày "
        "01/7/2025, để bảo đảm hoạt động chỉ đạo, điều hành thông suốt, hiệu quả, Chủ tịch Ủy ban nhân dân tỉnh "
        "yêu cầu Giám đốc các sở, Thủ trưởng các cơ quan, đơn vị, Chủ tịch Ủy ban nhân dân các xã, phường thực "
        "hiện nghiêm các nội dung sau:"
    ),
    "items": [
        (
            1,
            "Phổ biến, quán triệt và chấp hành nghiêm Quy chế làm việc của Ủy ban nhân dân tỉnh tới toàn thể cán "
            "bộ, công chức, viên chức, người lao động.",
        ),
        (
            2,
            "Đẩy mạnh cải cách hành chính, trọng tâm là cải cách thủ tục hành chính; xử lý hồ sơ công việc trên "
            "môi trường điện tử; không để hồ sơ trễ hạn.",
        ),
        (
            3,
            "Rà soát, ban hành quy chế làm việc của cơ quan, đơn vị, địa phương theo mô hình tổ chức mới; phân "
            "công rõ người, rõ việc, rõ trách nhiệm, rõ thời gian hoàn thành.",
        ),
        (4, "Đánh giá, xếp loại chất lượng cán bộ, công chức, viên chức theo kết quả, sản phẩm cụ thể."),
        (
            5,
            "Người đứng đầu trực tiếp dự các cuộc họp do Chủ tịch, Phó Chủ tịch Ủy ban nhân dân tỉnh chủ trì; "
            "chỉ cử cấp phó dự khi được người chủ trì đồng ý.",
        ),
        (6, "Người đứng đầu gương mẫu chấp hành kỷ luật, kỷ cương hành chính, văn hóa công sở."),
        (7, "Giao Sở Nội vụ tăng cường kiểm tra công vụ; xử lý nghiêm cán bộ, công chức vi phạm."),
        (
            8,
            "Giao Văn phòng Ủy ban nhân dân tỉnh theo dõi, đôn đốc việc thực hiện nhiệm vụ được giao; tổng hợp "
            "các nhiệm vụ quá hạn báo cáo Chủ tịch, Phó Chủ tịch Ủy ban nhân dân tỉnh vào thứ Hai hằng tuần.",
        ),
    ],
    "closing": (
        "Giám đốc các sở, Thủ trưởng các cơ quan, đơn vị, Chủ tịch Ủy ban nhân dân các xã, phường tổ chức thực "
        "hiện nghiêm Chỉ thị này; định kỳ hằng quý, trước ngày 20 của tháng cuối quý báo cáo kết quả về Sở Nội "
        "vụ để tổng hợp, báo cáo Chủ tịch Ủy ban nhân dân tỉnh."
    ),
    "recipients": [
        "Thường trực Tỉnh ủy (báo cáo);",
        "Thường trực HĐND tỉnh;",
        "Chủ tịch, các PCT UBND tỉnh;",
        "Các sở, ban, ngành tỉnh;",
        "UBND các xã, phường;",
        "Lưu: VT.",
    ],
}

TAN_TRAO_PLAN = {
    "kind": "ke_hoach",
    "number": "12/KH-UBND",
    "issued_on": "2025-08-01",
    "place": "Tân Trào",
    "signer_name": "Hà Văn Quân",
    "signer_position": "Chủ tịch",
    "signing_mode": "",
    "subject": "Thực hiện Chỉ thị số 05/CT-UBND của UBND tỉnh Tuyên Quang trên địa bàn xã Tân Trào",
    "preamble": (
        "Thực hiện Chỉ thị số 05/CT-UBND ngày 15/7/2025 của Ủy ban nhân dân tỉnh, Ủy ban nhân dân xã ban hành "
        "Kế hoạch thực hiện như sau:"
    ),
    "items": PROVINCE_DIRECTIVE["items"],
    "closing": (
        "Các phòng, trung tâm thuộc Ủy ban nhân dân xã báo cáo kết quả thực hiện hằng quý trước ngày 20 của tháng "
        "cuối quý về Phòng Văn hóa - Xã hội để tổng hợp, báo cáo Chủ tịch Ủy ban nhân dân xã."
    ),
    "recipients": [
        "UBND tỉnh (báo cáo);",
        "Thường trực Đảng ủy, HĐND xã;",
        "Các phòng, trung tâm thuộc UBND xã;",
        "Lưu: VT.",
    ],
}
