"""Demo initiatives and demands as data: realistic Vietnamese texts, one entry each."""

from __future__ import annotations

from typing import NamedTuple


class InitiativeText(NamedTuple):
    title: str
    summary: str
    description: str  # the confidential part
    current_solution: str
    novelty: str
    fields: tuple[str, ...]
    trl: int
    province: int
    category: str = "ordinary"


INITIATIVES = (
    InitiativeText(
        "Cảm biến độ mặn giá rẻ cảnh báo xâm nhập mặn cho ruộng lúa",
        "Mạng cảm biến đo độ mặn nước kênh theo thời gian thực, gửi cảnh báo qua Zalo cho nông dân.",
        "Mạch đo độ dẫn điện dùng điện cực than chì tự chế, hiệu chỉnh nhiệt độ bằng bảng tra riêng; sơ đồ mạch và mã nguồn ở phụ lục.",
        "Cán bộ khuyến nông đo độ mặn thủ công hai lần mỗi tuần, thông tin đến nông dân chậm.",
        "Điện cực than chì thay điện cực bạch kim, giá mỗi trạm dưới 1,5 triệu đồng.",
        ("2.2", "4.1"), 6, 91, "breakthrough"),
    InitiativeText(
        "Máy sấy cà phê kết hợp năng lượng mặt trời và sinh khối",
        "Buồng sấy dùng nhiệt mặt trời ban ngày và lò đốt vỏ cà phê ban đêm, giữ chất lượng hạt ổn định.",
        "Thiết kế bộ trao đổi nhiệt hai tầng và quy trình điều khiển độ ẩm theo từng giai đoạn sấy.",
        "Phơi sân xi măng 10–15 ngày, phụ thuộc thời tiết, hạt dễ nấm mốc.",
        "Tận dụng vỏ cà phê làm nhiên liệu, rút thời gian sấy còn 3 ngày.",
        ("2.3", "4.1"), 7, 66),
    InitiativeText(
        "Hệ thống cảnh báo sớm sạt lở đất dựa trên lượng mưa và độ ẩm đất",
        "Trạm quan trắc mưa và độ ẩm đất kết hợp mô hình ngưỡng để cảnh báo sạt lở cho các thôn vùng núi.",
        "Mô hình ngưỡng hiệu chỉnh bằng số liệu 12 vụ sạt lở 2020–2024 và thuật toán hợp nhất dữ liệu trạm.",
        "Chính quyền xã dựa vào bản tin dự báo chung của tỉnh, không sát từng sườn đồi.",
        "Ngưỡng cảnh báo riêng cho từng sườn dốc, cập nhật theo độ ẩm tích lũy.",
        ("1.5", "2.1"), 5, 15, "breakthrough"),
    InitiativeText(
        "Phần mềm nhận dạng chữ Hán Nôm trong văn bản địa phương",
        "Công cụ nhận dạng ký tự Hán Nôm từ ảnh chụp gia phả, sắc phong, giúp số hóa di sản địa phương.",
        "Mô hình nhận dạng huấn luyện trên 40.000 ký tự tự gán nhãn; bộ dữ liệu và trọng số chưa công bố.",
        "Số hóa thủ công, cần chuyên gia Hán Nôm đọc và gõ lại từng trang.",
        "Bộ dữ liệu chữ Nôm viết tay địa phương chưa từng có.",
        ("6.2", "1.2"), 4, 46),
    InitiativeText(
        "Điều khiển đèn giao thông thích ứng theo lưu lượng thực tế",
        "Camera đếm phương tiện tại nút giao và điều chỉnh chu kỳ đèn để giảm ùn tắc giờ cao điểm.",
        "Thuật toán tối ưu chu kỳ đèn dùng học tăng cường, thử nghiệm tại 3 nút giao; số liệu đo trước và sau.",
        "Chu kỳ đèn cố định theo khung giờ, không phản ứng với lưu lượng thực.",
        "Chạy trên thiết bị biên giá rẻ, không cần máy chủ trung tâm.",
        ("1.2", "2.1"), 6, 48),
    InitiativeText(
        "Quản lý hàng đợi khám bệnh bằng tin nhắn và mã QR",
        "Người bệnh lấy số khám qua điện thoại, nhận tin nhắn khi sắp đến lượt, giảm chờ đợi tại bệnh viện.",
        "Tích hợp với phần mềm quản lý bệnh viện qua chuẩn HL7; tài liệu giao diện kết nối kèm theo.",
        "Người bệnh xếp hàng lấy số từ sáng sớm, chờ trung bình 3 giờ.",
        "Ước lượng thời gian chờ theo tốc độ khám thực tế của từng phòng.",
        ("3.3", "1.2"), 8, 79),
    InitiativeText(
        "Hộp bảo quản tôm sống bằng nước biển lạnh tuần hoàn",
        "Thùng bảo quản giữ tôm sống trong vận chuyển đường dài, giảm hao hụt sau thu hoạch.",
        "Quy trình hạ nhiệt độ theo bậc và công thức bổ sung oxy; kết quả 20 chuyến vận chuyển thử.",
        "Ướp đá trực tiếp, tôm chết nhiều, hao hụt 15%.",
        "Làm lạnh theo bậc giúp tôm ngủ đông, tỷ lệ sống trên 90%.",
        ("4.1",), 6, 96, "ordered"),
    InitiativeText(
        "Dây chuyền phân loại rác nhựa bằng cảm biến cận hồng ngoại",
        "Phân loại tự động các loại nhựa PET, HDPE, PP tại cơ sở tái chế quy mô nhỏ.",
        "Bộ phân loại phổ cận hồng ngoại và cơ cấu thổi khí; bản vẽ cơ khí chi tiết.",
        "Công nhân phân loại bằng tay, năng suất thấp, độc hại.",
        "Cảm biến phổ giá rẻ thay thiết bị nhập khẩu.",
        ("2.7", "2.5"), 5, 31),
    InitiativeText(
        "Chế phẩm vi sinh xử lý rơm rạ tại ruộng thay đốt",
        "Chế phẩm vi sinh phân hủy rơm rạ trong 3 tuần, trả lại dinh dưỡng cho đất.",
        "Tổ hợp 4 chủng nấm và vi khuẩn phân lập tại địa phương; quy trình nhân giống.",
        "Nông dân đốt rơm rạ gây ô nhiễm không khí.",
        "Chủng vi sinh bản địa thích nghi với đất phèn.",
        ("4.4", "1.6"), 6, 92),
    InitiativeText(
        "Trợ lý ảo tư vấn thủ tục hành chính cho người dân xã",
        "Trợ lý trả lời câu hỏi về thủ tục hành chính bằng tiếng Việt, kể cả giọng nói.",
        "Kho câu hỏi–đáp 3.000 mục đã chuẩn hóa và mô hình truy hồi; chưa công bố.",
        "Người dân phải đến trụ sở hỏi, cán bộ một cửa quá tải.",
        "Hiểu câu hỏi có phương ngữ và không dấu.",
        ("1.2", "5.6"), 5, 38),
    InitiativeText(
        "Gạch không nung từ tro xỉ nhiệt điện",
        "Sản xuất gạch block từ tro xỉ nhà máy nhiệt điện, giảm bãi thải và khai thác đất sét.",
        "Cấp phối tro xỉ, xi măng và phụ gia cùng chế độ dưỡng hộ; kết quả thí nghiệm cường độ.",
        "Tro xỉ chôn lấp, gạch đất sét nung tiêu tốn đất nông nghiệp.",
        "Dùng đến 70% tro xỉ trong cấp phối.",
        ("2.5", "2.1"), 7, 22),
    InitiativeText(
        "Ứng dụng học tiếng Việt cho con em đồng bào dân tộc thiểu số",
        "Trò chơi học tiếng Việt song ngữ Mông–Việt cho trẻ mầm non vùng cao.",
        "Bộ học liệu song ngữ và giọng đọc thu âm tại bản; hợp đồng bản quyền với người đọc.",
        "Giáo viên tự làm học liệu, thiếu tài liệu song ngữ.",
        "Nội dung gắn với đời sống bản làng, chạy không cần mạng.",
        ("5.3", "6.2"), 6, 4),
    InitiativeText(
        "Quy trình nhân giống sâm Ngọc Linh bằng nuôi cấy mô",
        "Nhân nhanh cây giống sâm Ngọc Linh sạch bệnh trong phòng thí nghiệm.",
        "Môi trường nuôi cấy và tỷ lệ chất điều hòa sinh trưởng tối ưu; nhật ký thí nghiệm.",
        "Nhân giống từ hạt, chậm và tỷ lệ sống thấp.",
        "Rút ngắn thời gian tạo cây giống từ 3 năm còn 1 năm.",
        ("4.4", "1.6"), 4, 51, "breakthrough"),
    InitiativeText(
        "Giám sát chất lượng nước nuôi tôm bằng IoT",
        "Đo oxy hòa tan, pH, nhiệt độ ao nuôi liên tục và tự bật quạt nước khi oxy thấp.",
        "Thuật toán dự báo oxy về đêm từ dữ liệu 2 năm của 30 ao; mã nguồn điều khiển.",
        "Người nuôi đo thủ công buổi sáng, phát hiện thiếu oxy muộn.",
        "Dự báo thiếu oxy trước 2 giờ.",
        ("4.1", "2.2"), 7, 92, "ordered"),
    InitiativeText(
        "Bản đồ số di tích lịch sử phục vụ du lịch thông minh",
        "Bản đồ số và thuyết minh tự động đa ngôn ngữ cho các di tích của tỉnh.",
        "Cơ sở dữ liệu 215 di tích với thuyết minh đã biên tập; quyền sử dụng hình ảnh.",
        "Tờ rơi giấy, thông tin không cập nhật.",
        "Thuyết minh tự động theo vị trí, không cần hướng dẫn viên.",
        ("6.1", "1.2"), 8, 56),
    InitiativeText(
        "Robot hàn tự động cho xưởng cơ khí vừa và nhỏ",
        "Cánh tay robot hàn lập trình bằng kéo tay, phù hợp xưởng sản xuất loạt nhỏ.",
        "Cơ cấu dạy học kéo tay và bộ điều khiển tự thiết kế; bản vẽ và phần mềm.",
        "Hàn thủ công, chất lượng mối hàn không đều.",
        "Lập trình bằng cách kéo tay, không cần kỹ sư lập trình.",
        ("2.3", "2.2"), 6, 40),
    InitiativeText(
        "Vắc xin tự chế phòng bệnh tụ huyết trùng cho gà thả vườn",
        "Vắc xin bất hoạt từ chủng vi khuẩn phân lập tại địa phương cho gà thả vườn.",
        "Quy trình phân lập, bất hoạt và phối trộn chất bổ trợ; kết quả thử nghiệm trên 2.000 con.",
        "Dùng kháng sinh điều trị khi dịch bùng phát.",
        "Chủng vi khuẩn bản địa cho hiệu quả bảo hộ cao hơn.",
        ("4.3",), 5, 19),
    InitiativeText(
        "Cảnh báo xâm nhập mặn cho vườn sầu riêng bằng cảm biến không dây",
        "Trạm cảm biến đo độ mặn nước tưới và gửi cảnh báo cho chủ vườn sầu riêng.",
        "Điện cực đo độ dẫn và mạch truyền LoRa; sơ đồ và vỏ chống nước tự thiết kế.",
        "Chủ vườn lấy mẫu nước đi đo, phát hiện mặn khi cây đã bị ảnh hưởng.",
        "Truyền không dây xa 3 km, pin dùng một năm.",
        ("2.2", "4.1"), 5, 86),
)


class DemandText(NamedTuple):
    title: str
    problem: str
    outcome: str
    budget: tuple[int, int]  # VND
    province: int
    fields: tuple[str, ...]
    organisation: str  # organisation key in the demo catalogue


DEMANDS = (
    DemandText("Giảm hao hụt tôm sau thu hoạch khi vận chuyển đường dài",
               "Tôm hao hụt 15% khi vận chuyển từ Cà Mau lên TP Hồ Chí Minh.",
               "Giải pháp bảo quản giữ tỷ lệ tôm sống trên 85%.",
               (300_000_000, 900_000_000), 96, ("4.1",), "nam-can"),
    DemandText("Giám sát chất lượng nước ao nuôi thủy sản",
               "Ao nuôi thiếu oxy về đêm gây chết hàng loạt.",
               "Hệ thống đo và cảnh báo tự động, giá dưới 10 triệu đồng mỗi ao.",
               (200_000_000, 600_000_000), 92, ("4.1", "2.2"), "nam-can"),
    DemandText("Tự động hóa kiểm tra chất lượng sản phẩm cơ khí",
               "Kiểm tra kích thước chi tiết bằng tay, tỷ lệ lỗi lọt 3%.",
               "Trạm đo quang học kiểm tra 100% sản phẩm trên dây chuyền.",
               (1_000_000_000, 3_000_000_000), 40, ("2.3", "1.2"), "co-khi-nghe-an"),
    DemandText("Xử lý nước thải khu công nghiệp bằng công nghệ tiết kiệm năng lượng",
               "Chi phí điện vận hành trạm xử lý nước thải tăng 20% mỗi năm.",
               "Giảm 30% điện năng mà vẫn đạt QCVN 40:2011/BTNMT.",
               (2_000_000_000, 5_000_000_000), 33, ("2.7",), "bqlkcn-hung-yen"),
    DemandText("Giống cà phê chịu hạn cho Tây Nguyên",
               "Hạn hán kéo dài làm giảm năng suất cà phê 25%.",
               "Giống hoặc quy trình canh tác giữ năng suất trong mùa khô.",
               (500_000_000, 1_500_000_000), 52, ("4.1", "4.4"), "khuyen-nong-gia-lai"),
    DemandText("Số hóa hồ sơ địa chính cũ viết tay",
               "Hàng chục nghìn trang hồ sơ địa chính viết tay chưa được số hóa.",
               "Công cụ nhận dạng và nhập liệu bán tự động, độ chính xác trên 95%.",
               (400_000_000, 1_200_000_000), 33, ("1.2",), "bqlkcn-hung-yen"),
)
