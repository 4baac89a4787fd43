/* demo_names.c — Vietnamese names for the demo city (streets, wards, lakes,
 * people). Real Hanoi names, reused freely; the map they label is invented. */
#include "demo_int.h"

const char *const demo_street_names[] = {
    "Khương Hạ", "Hàng Bạc", "Hàng Đào", "Hàng Gai", "Hàng Bông", "Hàng Buồm", "Hàng Mã", "Hàng Chiếu",
    "Lương Văn Can", "Tạ Hiện", "Đinh Tiên Hoàng", "Lê Thái Tổ", "Tràng Tiền", "Hai Bà Trưng", "Lý Thường Kiệt",
    "Trần Hưng Đạo", "Bà Triệu", "Phố Huế", "Hàng Bài", "Quang Trung", "Nguyễn Du", "Trần Nhân Tông",
    "Lê Duẩn", "Giải Phóng", "Trường Chinh", "Tôn Đức Thắng", "Nguyễn Lương Bằng", "Xã Đàn", "Đê La Thành",
    "Kim Mã", "Giảng Võ", "Láng Hạ", "Thái Hà", "Chùa Bộc", "Tây Sơn", "Khâm Thiên", "Lê Trọng Tấn",
    "Nguyễn Trãi", "Khương Trung", "Khương Đình", "Vũ Tông Phan", "Nguyễn Tuân", "Lê Văn Lương", "Hoàng Minh Giám",
    "Trần Duy Hưng", "Cầu Giấy", "Xuân Thủy", "Hồ Tùng Mậu", "Phạm Văn Đồng", "Hoàng Quốc Việt", "Nghĩa Tân",
    "Đội Cấn", "Văn Cao", "Liễu Giai", "Đào Tấn", "Nguyễn Chí Thanh", "Huỳnh Thúc Kháng", "Thụy Khuê",
    "Lạc Long Quân", "Âu Cơ", "Nghi Tàm", "Yên Phụ", "Quán Thánh", "Phan Đình Phùng", "Hoàng Hoa Thám",
    "Minh Khai", "Bạch Mai", "Trương Định", "Tân Mai", "Kim Ngưu", "Lạc Trung", "Thanh Nhàn", "Định Công",
    "Giáp Bát", "Kim Giang", "Linh Đàm", "Nguyễn Xiển", "Tam Trinh", "Lĩnh Nam", "Ngọc Thụy", "Nguyễn Văn Cừ",
};
const int demo_n_street_names = sizeof demo_street_names / sizeof demo_street_names[0];

const char *const demo_ward_names[] = {
    "Khương Đình", "Hoàn Kiếm", "Cửa Nam", "Ba Đình", "Ngọc Hà", "Giảng Võ", "Hai Bà Trưng", "Vĩnh Tuy",
    "Bạch Mai", "Đống Đa", "Kim Liên", "Văn Miếu - Quốc Tử Giám", "Láng", "Ô Chợ Dừa", "Hồng Hà", "Lĩnh Nam",
    "Hoàng Mai", "Vĩnh Hưng", "Tương Mai", "Định Công", "Hoàng Liệt", "Yên Sở", "Thanh Xuân", "Phương Liệt",
    "Cầu Giấy", "Nghĩa Đô", "Yên Hòa", "Tây Hồ", "Phú Thượng", "Xuân Đỉnh", "Đông Ngạc", "Từ Liêm",
    "Xuân Phương", "Tây Mỗ", "Đại Mỗ", "Long Biên", "Bồ Đề", "Việt Hưng", "Phúc Lợi", "Hà Đông",
    "Dương Nội", "Yên Nghĩa", "Phú Lương", "Kiến Hưng", "Thanh Liệt", "Tây Tựu", "Phú Diễn", "Thượng Cát",
    "Phúc Diễn", "Xuân Tảo", "Cổ Nhuế", "Mai Dịch", "Dịch Vọng", "Trung Hòa", "Nhân Chính", "Thượng Đình",
};
const int demo_n_ward_names = sizeof demo_ward_names / sizeof demo_ward_names[0];

const char *const demo_district_names[] = {
    "Đống Đa", "Hoàn Kiếm", "Ba Đình", "Hai Bà Trưng", "Thanh Xuân", "Cầu Giấy", "Tây Hồ", "Hoàng Mai",
    "Long Biên", "Nam Từ Liêm", "Bắc Từ Liêm", "Hà Đông",
};
const int demo_n_district_names = sizeof demo_district_names / sizeof demo_district_names[0];

const char *const demo_lake_names[] = {
    "Hồ Văn", "Hồ Thiền Quang", "Hồ Giảng Võ", "Hồ Ngọc Khánh", "Hồ Thành Công", "Hồ Bảy Mẫu",
    "Hồ Đống Đa", "Hồ Linh Đàm", "Hồ Định Công", "Hồ Hạ Đình", "Hồ Văn Chương", "Hồ Thủ Lệ",
    "Hồ Trúc Bạch", "Hồ Yên Sở", "Hồ Kim Liên", "Hồ Ba Mẫu",
};
const int demo_n_lake_names = sizeof demo_lake_names / sizeof demo_lake_names[0];

const char *const demo_family_names[] = {"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô"};
const int demo_n_family_names = sizeof demo_family_names / sizeof demo_family_names[0];

const char *const demo_given_names[] = {"Văn An", "Thị Bình", "Văn Cường", "Thị Dung", "Minh Đức", "Thu Hà",
                                        "Quang Huy", "Thị Lan", "Văn Nam", "Thị Oanh", "Hữu Phúc", "Thị Quỳnh",
                                        "Văn Sơn", "Thị Thảo", "Đức Trung", "Thị Vân"};
const int demo_n_given_names = sizeof demo_given_names / sizeof demo_given_names[0];
