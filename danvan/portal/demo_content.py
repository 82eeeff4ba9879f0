"""Demo content for the ``load_demo`` management command: categories and articles of the portal.

Everything here is invented demonstration content, written in our own words from the facts and
figures of the reference article (programme 42-CTr/HU of 2023, Vĩnh Cửu district, Đồng Nai
province); names of people and local details are fictional. Pure data, no Django imports.

Article dates are local time (Asia/Ho_Chi_Minh) in ISO format without a zone. Body blocks are
``(kind, value)`` pairs where kind is one of "p", "h2", "image", "quote", "ul"; paragraph text may
only contain the inline tags <b> and <i>.
"""

from typing import Any

CATEGORIES: list[dict[str, Any]] = [
    {
        "slug": "cong-tac-dan-van",
        "title": "Công tác dân vận",
        "intro": (
            "Chủ trương, chương trình và kết quả công tác dân "
            "vận của cấp ủy, chính quyền các cấp trên địa bàn."
        ),
    },
    {
        "slug": "mat-tran-doan-the",
        "title": "Mặt trận - Đoàn thể",
        "intro": (
            "Tin về Mặt trận Tổ quốc, Công đoàn, Đoàn Thanh niên, Hội Phụ nữ, "
            "Hội Nông dân, Hội Cựu chiến binh và các hội quần chúng ở cơ sở."
        ),
    },
    {
        "slug": "dan-toc-ton-giao",
        "title": "Dân tộc - Tôn giáo",
        "intro": (
            "Thông tin về công tác dân tộc, tôn giáo và đời sống "
            "của đồng bào các dân tộc, các tôn giáo tại địa phương."
        ),
    },
    {
        "slug": "tin-hoat-dong",
        "title": "Tin hoạt động",
        "intro": "Tin về các hội nghị, sự kiện và phong trào vừa diễn ra ở huyện và các xã.",
    },
]

ARTICLES: list[dict[str, Any]] = [
    {
        "slug": "chuong-trinh-dan-van-2023",
        "category": "cong-tac-dan-van",
        "title": (
            "Vĩnh Cửu chọn phương châm “Sâu sát - Phù hợp - Thực "
            "chất - Đồng thuận” cho công tác dân vận năm 2023"
        ),
        "date": "2023-03-13T14:37",
        "lead": (
            "Chương trình số 42-CTr/HU của Ban Chấp hành Đảng bộ huyện Vĩnh Cửu đặt ra sáu "
            "nhóm chỉ tiêu và năm nhóm nhiệm vụ trọng tâm, với mong muốn tạo sự đồng thuận "
            "rộng rãi trong Nhân dân khi thực hiện các mục tiêu kinh tế - xã hội năm 2023."
        ),
        "author": "Hương Giang",
        "source": "Ban Dân vận Huyện ủy",
        "featured": True,
        "body": [
            (
                "p",
                (
                    "Nhìn lại năm 2022, công tác dân vận ở huyện Vĩnh Cửu ghi nhận nhiều kết quả đáng "
                    "khích lệ. Cấp ủy các cấp đã kịp thời cụ thể hóa văn bản của Trung ương và Tỉnh "
                    "ủy Đồng Nai về dân vận; chính quyền chú trọng cải cách hành chính, lắng nghe và "
                    "xử lý các phản ánh, kiến nghị của người dân. Việc chăm lo gia đình chính sách, "
                    "hộ nghèo, hộ gặp khó khăn được duy trì đều đặn, còn các phong trào thi đua tiếp "
                    "tục làm xuất hiện nhiều mô hình sản xuất hiệu quả và những tấm gương tiêu biểu."
                ),
            ),
            (
                "image",
                {
                    "key": "ctdv-2023-hoi-nghi",
                    "caption": (
                        "Quang cảnh hội nghị triển khai chương trình công "
                        "tác dân vận năm 2023 của Huyện ủy Vĩnh Cửu."
                    ),
                    "alt": (
                        "Hội trường kín đại biểu ngồi theo các dãy bàn, "
                        "phía trên sân khấu là băng rôn nền đỏ chữ vàng"
                    ),
                    "palette": "red",
                    "motif": "meeting",
                },
            ),
            (
                "p",
                (
                    "Chương trình số 42-CTr/HU về công tác dân vận năm 2023 được Ban Chấp hành Đảng bộ "
                    "huyện Vĩnh Cửu ký ban hành ngày 03/3/2023. Văn bản hướng tới việc giúp toàn bộ hệ "
                    "thống chính trị cũng như người dân ở mọi tầng lớp hiểu rõ hơn, làm quyết liệt hơn "
                    "nhiệm vụ vận động quần chúng trong giai đoạn mới. Phương châm hành động được lựa "
                    "chọn cho cả năm là <b>“Sâu sát - Phù hợp - Thực chất - Đồng thuận”</b>, đòi hỏi cán "
                    "bộ bám sát cơ sở, làm việc cụ thể và lấy sự hài lòng của người dân làm thước đo."
                ),
            ),
            ("h2", "Sáu nhóm chỉ tiêu chủ yếu"),
            (
                "p",
                (
                    "Theo chương trình, tỷ lệ quần chúng trong độ tuổi được tập hợp vào các tổ chức "
                    "chính trị - xã hội phải giữ ở mức <b>trên 80%</b>, riêng Đoàn Thanh niên Cộng "
                    "sản Hồ Chí Minh đạt <b>từ 45% trở lên</b>. Số đoàn viên, hội viên sinh hoạt đều "
                    "đặn cần vượt 80%. Lực lượng nòng cốt phải chiếm trên 45% tổng số hội viên của "
                    "các đoàn thể, còn ở khu vực doanh nghiệp, đoàn viên nòng cốt đạt ít nhất 20%."
                ),
            ),
            (
                "image",
                {
                    "key": "ctdv-2023-chi-tieu",
                    "caption": (
                        "Các chỉ tiêu công tác dân vận năm 2023 được "
                        "trình chiếu để đại biểu theo dõi và thảo luận."
                    ),
                    "alt": (
                        "Màn hình lớn trong hội trường hiển thị bảng chỉ "
                        "tiêu và biểu đồ cột, đại biểu ngồi phía dưới"
                    ),
                    "palette": "gold",
                    "motif": "chart",
                },
            ),
            (
                "p",
                (
                    "Về chất lượng tổ chức, huyện đặt mục tiêu hơn 85% tổ chức cơ sở của "
                    "Mặt trận và các đoàn thể chính trị - xã hội được xếp loại hoàn thành "
                    "tốt nhiệm vụ trở lên, đồng thời không để tổ chức nào yếu kém. Bên cạnh "
                    "đó, huyện phấn đấu để trên 80% cơ quan, đơn vị đạt các tiêu chí “Dân "
                    "vận khéo” và trên 80% xã, thị trấn làm tốt quy chế dân chủ ở cơ sở."
                ),
            ),
            ("h2", "Năm nhóm nhiệm vụ trọng tâm"),
            (
                "p",
                (
                    "Để hoàn thành các chỉ tiêu, chương trình xác định năm nhóm nhiệm vụ và gắn trách "
                    "nhiệm của cấp ủy, chính quyền, Mặt trận cùng các đoàn thể với từng phần việc cụ thể. "
                    "Ban Dân vận Huyện ủy được giao theo dõi, hướng dẫn và định kỳ tổng hợp kết quả để "
                    "báo cáo Ban Thường vụ Huyện ủy. Có thể tóm lược nội dung các nhóm nhiệm vụ như sau:"
                ),
            ),
            (
                "ul",
                [
                    (
                        "Tuyên truyền rộng rãi nghị quyết của Đảng, pháp luật của Nhà "
                        "nước; nắm chắc và dự báo sớm tâm tư của Nhân dân, nhất là về "
                        "việc làm, bồi thường, giải phóng mặt bằng và tái định cư."
                    ),
                    (
                        "Đưa quy chế công tác dân vận vào nền nếp, trước hết ở cơ quan "
                        "nhà nước; cải cách thủ tục hành chính, tổ chức đối thoại trực "
                        "tiếp và giải quyết dứt điểm đơn thư khiếu nại, tố cáo."
                    ),
                    (
                        "Mặt trận Tổ quốc, các đoàn thể chính trị - xã hội và hội quần chúng đổi mới "
                        "cách làm, làm tốt vai trò đại diện cho hội viên, giám sát và phản biện xã hội."
                    ),
                    (
                        "Gắn phong trào thi đua “Dân vận khéo” với các cuộc vận động, phong trào yêu "
                        "nước và việc thực hiện Chỉ thị 05-CT/TW của Bộ Chính trị; tổ chức thiết thực "
                        "các hoạt động chào mừng 93 năm Ngày truyền thống công tác dân vận của Đảng."
                    ),
                    (
                        "Làm tốt công tác dân tộc, tôn giáo; vận động chức sắc, chức "
                        "việc, tín đồ và đồng bào dân tộc thiểu số tham gia phong trào "
                        "thi đua ở địa phương, sinh hoạt tôn giáo theo đúng pháp luật."
                    ),
                ],
            ),
            (
                "image",
                {
                    "key": "ctdv-2023-trao-doi",
                    "caption": (
                        "Cán bộ làm công tác dân vận các xã, thị trấn trao đổi kinh nghiệm bên lề hội nghị."
                    ),
                    "alt": (
                        "Nhóm cán bộ nam nữ đứng trò chuyện ở hành lang hội trường, tay cầm tài liệu hội nghị"
                    ),
                    "palette": "teal",
                    "motif": "people",
                },
            ),
            (
                "quote",
                {
                    "text": (
                        "Dân vận trước hết là biết lắng nghe. Mỗi cán bộ phải nắm được người dân "
                        "đang băn khoăn điều gì và cùng bà con tìm cách tháo gỡ ngay tại cơ sở."
                    ),
                    "source": "Phát biểu tại hội nghị triển khai chương trình",
                },
            ),
            (
                "p",
                (
                    "Đảng bộ huyện xác định công tác dân vận là nhiệm vụ mang tầm chiến lược, là "
                    "sợi dây gắn bó bền chặt giữa Đảng với Nhân dân và là nền tảng để củng cố "
                    "khối đại đoàn kết toàn dân tộc. Làm tốt chương trình năm nay sẽ góp phần "
                    "trực tiếp vào việc thực hiện Nghị quyết số 13-NQ/HU mà Ban Chấp hành Đảng bộ "
                    "huyện thông qua ngày 21/12/2022 về mục tiêu, nhiệm vụ, giải pháp năm 2023."
                ),
            ),
        ],
    },
    {
        "slug": "dan-van-kheo-be-tong-hoa-duong-ap-xa-tan-an",
        "category": "cong-tac-dan-van",
        "title": "Xã Tân An: người dân hiến đất, góp công làm đường nông thôn",
        "date": "2023-03-22T08:15",
        "lead": (
            "Nhờ cách vận động kiên trì và công khai của cán bộ ấp, gần 1,8 km đường đất "
            "ở ấp 3, xã Tân An đã được bê tông hóa mà không phát sinh khiếu nại nào."
        ),
        "author": "Minh Thư",
        "source": "Ban Dân vận Huyện ủy",
        "featured": True,
        "body": [
            (
                "p",
                (
                    "Tuyến đường nối ấp 3 với tỉnh lộ từng là nỗi lo của nhiều hộ dân mỗi khi mùa mưa đến. "
                    "Đầu năm 2023, chi bộ ấp đưa việc nâng cấp con đường vào nghị quyết, giao Ban công tác "
                    "Mặt trận và các chi hội đến từng nhà để lắng nghe ý kiến. Chỉ sau hai tháng, 46 hộ đã "
                    "tự nguyện hiến hơn 2.300 m² đất, dời hàng rào và cây trồng để mở rộng mặt đường."
                ),
            ),
            (
                "image",
                {
                    "key": "tan-an-duong-be-tong",
                    "caption": "Người dân ấp 3, xã Tân An cùng đoàn viên thanh niên đổ bê tông mặt đường.",
                    "alt": (
                        "Nhóm người đội nón lá san gạt bê tông trên con đường làng, hai bên là vườn cây xanh"
                    ),
                    "palette": "green",
                    "motif": "field",
                },
            ),
            ("h2", "Công khai từng khoản đóng góp"),
            (
                "p",
                (
                    "Theo cách làm của xã, mọi khoản kinh phí đều được đưa ra bàn tại cuộc "
                    "họp dân và niêm yết ở nhà văn hóa ấp. Ngân sách xã hỗ trợ xi măng, đá; "
                    "người dân góp ngày công và một phần tiền theo mức do chính các hộ thống "
                    "nhất. Một tổ giám sát gồm đại diện người cao tuổi, cựu chiến binh và "
                    "phụ nữ theo dõi khối lượng, chất lượng thi công cho đến khi nghiệm thu."
                ),
            ),
            (
                "quote",
                {
                    "text": "Bà con thấy cán bộ làm thật, nói rõ từng đồng nên ai cũng yên tâm góp sức.",
                    "source": "Ông Trần Văn Lộc, Trưởng ấp 3, xã Tân An",
                },
            ),
            (
                "p",
                (
                    "Mô hình đã được Ban Chỉ đạo phong trào thi đua “Dân vận khéo” của huyện "
                    "ghi nhận và giới thiệu để các xã khác tham khảo. Trong năm nay, xã Tân An "
                    "dự kiến tiếp tục áp dụng cách làm này cho hai tuyến đường ở ấp 1 và ấp 5, "
                    "góp phần giữ vững tiêu chí giao thông của xã nông thôn mới nâng cao."
                ),
            ),
        ],
    },
    {
        "slug": "to-tiet-kiem-phu-nu-xa-phu-ly",
        "category": "mat-tran-doan-the",
        "title": "Tổ tiết kiệm giúp hội viên phụ nữ Phú Lý có vốn làm ăn",
        "date": "2023-03-28T10:05",
        "lead": (
            "Mười hai tổ tiết kiệm do Hội Liên hiệp Phụ nữ xã Phú Lý duy trì đã trở thành nơi "
            "hội viên góp từng khoản nhỏ và vay vốn xoay vòng để chăn nuôi, mở cửa hàng tạp hóa."
        ),
        "author": "Thanh Tâm",
        "source": "Hội Liên hiệp Phụ nữ huyện",
        "featured": False,
        "body": [
            (
                "p",
                (
                    "Mỗi tháng, hội viên trong tổ góp từ 100.000 đến 300.000 đồng tùy khả năng. Số tiền được "
                    "ban điều hành tổ ghi chép đầy đủ, công khai trong buổi sinh hoạt định kỳ và cho các "
                    "thành viên lần lượt vay với lãi suất rất thấp hoặc không lấy lãi. Đến nay, tổng vốn của "
                    "12 tổ đạt gần 900 triệu đồng, giúp hơn 150 lượt hội viên có thêm nguồn vốn sản xuất."
                ),
            ),
            (
                "image",
                {
                    "key": "phu-ly-to-tiet-kiem",
                    "caption": (
                        "Buổi sinh hoạt định kỳ của một tổ tiết kiệm phụ nữ tại ấp Lý Lịch, xã Phú Lý."
                    ),
                    "alt": "Khoảng mười phụ nữ ngồi quanh chiếc bàn gỗ, một người đang ghi chép vào sổ",
                    "palette": "yellow",
                    "motif": "people",
                },
            ),
            (
                "p",
                (
                    "Chị Lê Thị Hạnh, hội viên ở ấp Phú Lợi, cho biết nhờ khoản vay 20 triệu "
                    "đồng từ tổ, gia đình chị mua thêm heo giống và cải tạo chuồng trại. Sau hơn "
                    "một năm, thu nhập của gia đình tăng lên rõ rệt; chị đã trả hết khoản vay và "
                    "tiếp tục góp vốn đều đặn để những chị em khác cũng có cơ hội được vay."
                ),
            ),
            (
                "p",
                (
                    "Theo Hội Liên hiệp Phụ nữ huyện Vĩnh Cửu, điểm mạnh của mô hình là gắn việc giúp "
                    "nhau về vốn với sinh hoạt hội, nhờ đó tỷ lệ hội viên sinh hoạt thường xuyên ở Phú "
                    "Lý luôn trên 85%. Thời gian tới, hội sẽ hướng dẫn các tổ kiện toàn ban điều hành, "
                    "đồng thời lồng ghép kiến thức quản lý chi tiêu gia đình vào các buổi sinh hoạt."
                ),
            ),
        ],
    },
    {
        "slug": "hoi-nong-dan-tap-huan-trong-buoi-an-toan",
        "category": "mat-tran-doan-the",
        "title": "Hơn 120 nông dân được tập huấn kỹ thuật trồng bưởi an toàn",
        "date": "2023-05-17T15:20",
        "lead": (
            "Lớp tập huấn do Hội Nông dân huyện Vĩnh Cửu phối hợp với ngành nông nghiệp tổ chức "
            "tại xã Tân Bình, tập trung vào quản lý dịch hại và ghi chép nhật ký sản xuất."
        ),
        "author": "Quốc Bảo",
        "source": "Hội Nông dân huyện",
        "featured": False,
        "body": [
            (
                "p",
                (
                    "Trong hai ngày, các kỹ sư nông nghiệp hướng dẫn hội viên cách bón phân cân đối, "
                    "dùng chế phẩm sinh học thay cho một phần thuốc hóa học và nhận biết sớm các loại "
                    "sâu bệnh thường gặp trên cây bưởi. Phần thực hành được tổ chức ngay tại vườn của "
                    "một hộ hội viên, giúp bà con dễ hình dung và áp dụng vào vườn nhà mình."
                ),
            ),
            (
                "image",
                {
                    "key": "tan-binh-vuon-buoi",
                    "caption": (
                        "Kỹ sư nông nghiệp hướng dẫn hội viên nhận "
                        "biết sâu bệnh trên cây bưởi tại xã Tân Bình."
                    ),
                    "alt": (
                        "Một người đàn ông chỉ vào chùm bưởi xanh trên "
                        "cành, xung quanh là nông dân đang quan sát"
                    ),
                    "palette": "green",
                    "motif": "field",
                },
            ),
            ("h2", "Tìm đầu ra ổn định cho nông sản"),
            (
                "p",
                (
                    "Ngoài kỹ thuật, lớp học dành một buổi để bàn cách liên kết tiêu thụ. Đại diện "
                    "hợp tác xã giới thiệu quy trình đăng ký mã số vùng trồng, đóng gói và ghi "
                    "nhãn, đồng thời hướng dẫn hội viên bán nông sản qua các sàn thương mại điện "
                    "tử và chuỗi cửa hàng thực phẩm an toàn trong tỉnh. Nhiều hộ cho biết sẽ cùng "
                    "nhau lập tổ hợp tác để có sản lượng ổn định khi làm việc với doanh nghiệp."
                ),
            ),
            (
                "p",
                (
                    "Theo Hội Nông dân huyện, năm 2023 hội dự kiến mở 15 lớp tập huấn cho "
                    "khoảng 1.500 lượt hội viên, ưu tiên các vùng cây ăn trái và chăn nuôi tập "
                    "trung. Đây cũng là một nội dung của phong trào nông dân thi đua sản xuất, "
                    "kinh doanh giỏi, đoàn kết giúp nhau làm giàu và giảm nghèo bền vững."
                ),
            ),
        ],
    },
    {
        "slug": "ra-quan-thanh-nien-tinh-nguyen-he-2023",
        "category": "tin-hoat-dong",
        "title": "Ra quân chiến dịch Thanh niên tình nguyện hè năm 2023",
        "date": "2023-07-08T16:45",
        "lead": (
            "Khoảng 500 đoàn viên, thanh niên và học sinh trên địa bàn huyện Vĩnh Cửu tham "
            "gia lễ ra quân, mở đầu chuỗi hoạt động tình nguyện kéo dài đến cuối tháng 8."
        ),
        "author": "Đức Anh",
        "source": "Huyện đoàn Vĩnh Cửu",
        "featured": False,
        "body": [
            (
                "p",
                (
                    "Lễ ra quân diễn ra sáng 8/7 tại sân nhà văn hóa thị trấn Vĩnh An. Ngay sau buổi lễ, "
                    "các đội hình tỏa về các xã Mã Đà, Phú Lý, Trị An để dọn vệ sinh đường làng, trồng "
                    "cây xanh và thu gom rác thải nhựa dọc bờ hồ Trị An. Đội hình y tế tình nguyện cũng "
                    "khám bệnh, phát thuốc miễn phí cho khoảng 200 người cao tuổi tại xã Mã Đà."
                ),
            ),
            (
                "image",
                {
                    "key": "he-2023-ra-quan",
                    "caption": (
                        "Đoàn viên, thanh niên xếp hàng tại lễ ra quân chiến dịch tình nguyện hè năm 2023."
                    ),
                    "alt": "Hàng thanh niên mặc áo xanh tình nguyện cầm cờ đỏ đứng thẳng hàng trên sân rộng",
                    "palette": "blue",
                    "motif": "flag",
                },
            ),
            (
                "p",
                (
                    "Năm nay, Huyện đoàn chọn những công trình thiết thực, xuất phát từ nhu "
                    "cầu của từng ấp: thắp sáng hai tuyến đường quê bằng đèn năng lượng mặt "
                    "trời, sửa chữa một căn nhà cho gia đình chính sách và mở lớp dạy bơi "
                    "cho thiếu nhi sống ven sông Đồng Nai. Các phần việc được đăng ký từ "
                    "đầu tháng 6 với sự góp ý của chi đoàn ấp và chính quyền địa phương."
                ),
            ),
            (
                "p",
                (
                    "Theo Bí thư Huyện đoàn, chiến dịch không chỉ là dịp để người trẻ cống hiến mà "
                    "còn giúp các cơ sở đoàn thu hút thêm những thanh niên chưa tham gia tổ chức. Kết "
                    "thúc đợt hè, Huyện đoàn sẽ tổng kết, biểu dương các đội hình và cá nhân tiêu "
                    "biểu, đồng thời giới thiệu những đoàn viên ưu tú để chi bộ xem xét, bồi dưỡng."
                ),
            ),
        ],
    },
    {
        "slug": "hop-mat-93-nam-ngay-truyen-thong-dan-van",
        "category": "cong-tac-dan-van",
        "title": "Vĩnh Cửu họp mặt mừng 93 năm Ngày truyền thống công tác dân vận của Đảng",
        "date": "2023-10-13T10:00",
        "lead": (
            "Ngày 12/10, Ban Dân vận Huyện ủy tổ chức buổi họp mặt ôn lại chặng đường "
            "93 năm công tác dân vận của Đảng (15/10/1930 - 15/10/2023) và biểu dương "
            "các tập thể, cá nhân tiêu biểu trong phong trào “Dân vận khéo”."
        ),
        "author": "Thu Hà",
        "source": "Ban Dân vận Huyện ủy",
        "featured": True,
        "body": [
            (
                "p",
                (
                    "Buổi họp mặt có sự tham dự của nhiều thế hệ cán bộ từng làm công tác dân "
                    "vận của huyện, cùng đại diện Mặt trận, các đoàn thể và khối dân vận các "
                    "xã, thị trấn. Các đại biểu cùng nhìn lại quá trình ra đời của Ban Dân "
                    "vận Trung ương và những bài học về vận động Nhân dân qua các thời kỳ, từ "
                    "những năm kháng chiến đến công cuộc xây dựng quê hương Vĩnh Cửu hôm nay."
                ),
            ),
            (
                "image",
                {
                    "key": "dan-van-93-nam-khen-thuong",
                    "caption": (
                        "Các tập thể có thành tích trong phong trào thi "
                        "đua “Dân vận khéo” năm 2023 nhận giấy khen."
                    ),
                    "alt": (
                        "Hàng người đứng trên sân khấu cầm giấy khen "
                        "và hoa, phía sau là phông nền đỏ có cờ Đảng"
                    ),
                    "palette": "red",
                    "motif": "flag",
                },
            ),
            ("h2", "Nhiều chỉ tiêu về đích sớm"),
            (
                "p",
                (
                    "Báo cáo tại buổi họp mặt cho thấy, sau bảy tháng thực hiện Chương trình số "
                    "42-CTr/HU, phần lớn chỉ tiêu năm 2023 đã đạt hoặc vượt. Toàn huyện có 96 mô hình "
                    "“Dân vận khéo” được công nhận ở các lĩnh vực kinh tế, văn hóa - xã hội, quốc phòng "
                    "- an ninh và xây dựng hệ thống chính trị, tăng 14 mô hình so với cùng kỳ năm trước."
                ),
            ),
            (
                "p",
                (
                    "Phát biểu tại buổi họp mặt, Bí thư Huyện ủy đề nghị đội ngũ cán bộ dân vận tiếp tục "
                    "“gần dân, hiểu dân, trọng dân”, quan tâm hơn tới những địa bàn có dự án thu hồi đất "
                    "và các khu dân cư đông công nhân. Dịp này, 20 tập thể và 35 cá nhân được Ban Thường "
                    "vụ Huyện ủy tặng giấy khen vì có thành tích xuất sắc trong công tác dân vận."
                ),
            ),
        ],
    },
    {
        "slug": "gap-mat-chuc-sac-ton-giao-dip-giang-sinh-2023",
        "category": "dan-toc-ton-giao",
        "title": "Gặp mặt chức sắc, chức việc các tôn giáo nhân dịp Lễ Giáng sinh 2023",
        "date": "2023-12-12T09:30",
        "lead": (
            "Thường trực Huyện ủy, Ủy ban nhân dân và Ủy ban Mặt trận Tổ quốc Việt Nam huyện Vĩnh "
            "Cửu đã gặp gỡ, chúc mừng đại diện các giáo xứ và cơ sở tôn giáo trước mùa lễ cuối năm."
        ),
        "author": "Ngọc Hân",
        "source": "Ban Dân vận Huyện ủy",
        "featured": False,
        "body": [
            (
                "p",
                (
                    "Tham dự buổi gặp mặt có hơn 60 vị chức sắc, chức việc của Công giáo, "
                    "Tin Lành, Phật giáo, Cao Đài và đại diện người có uy tín trong đồng bào "
                    "dân tộc thiểu số. Thay mặt lãnh đạo huyện, Phó Bí thư Thường trực Huyện "
                    "ủy thông tin về tình hình kinh tế - xã hội năm 2023 và cảm ơn các vị đã "
                    "đồng hành cùng chính quyền trong các phong trào ở địa phương."
                ),
            ),
            (
                "image",
                {
                    "key": "giang-sinh-2023-gap-mat",
                    "caption": "Lãnh đạo huyện tặng quà chúc mừng đại diện các giáo xứ tại buổi gặp mặt.",
                    "alt": (
                        "Hai người bắt tay và trao giỏ quà trước phông "
                        "nền màu xanh, phía sau là các đại biểu ngồi dự"
                    ),
                    "palette": "teal",
                    "motif": "meeting",
                },
            ),
            (
                "p",
                (
                    "Trong năm, các cơ sở tôn giáo trên địa bàn đã tích cực tham gia hoạt động từ thiện, "
                    "xã hội như trao học bổng, tặng quà cho hộ nghèo, góp kinh phí sửa đường giao thông "
                    "nông thôn với tổng giá trị hàng tỷ đồng. Nhiều giáo xứ còn chủ động phối hợp với "
                    "các ấp xây dựng mô hình tự quản về an ninh trật tự và vệ sinh môi trường."
                ),
            ),
            (
                "quote",
                {
                    "text": (
                        "Chúng tôi mong bà con giáo dân đón lễ vui tươi, an toàn, "
                        "tiếp tục sống tốt đời, đẹp đạo và gắn bó với xóm ấp."
                    ),
                    "source": "Đại diện một giáo xứ phát biểu tại buổi gặp mặt",
                },
            ),
            (
                "p",
                (
                    "Lãnh đạo huyện đề nghị các vị chức sắc tiếp tục nhắc nhở tín đồ thực hiện "
                    "đúng quy định của pháp luật về tín ngưỡng, tôn giáo, bảo đảm an toàn giao "
                    "thông và phòng chống cháy nổ trong những ngày lễ. Các xã, thị trấn được "
                    "giao chủ động nắm tình hình, sẵn sàng hỗ trợ các giáo xứ khi có đề nghị."
                ),
            ),
        ],
    },
    {
        "slug": "doi-thoai-truc-tiep-boi-thuong-xa-vinh-tan",
        "category": "tin-hoat-dong",
        "title": "Xã Vĩnh Tân đối thoại với người dân về bồi thường, hỗ trợ tái định cư",
        "date": "2024-04-18T17:10",
        "lead": (
            "Hơn 80 hộ có đất nằm trong phạm vi dự án nâng cấp tuyến đường liên xã đã được "
            "nghe giải thích trực tiếp về giá bồi thường và phương án bố trí tái định cư."
        ),
        "author": "Hoàng Phúc",
        "source": "",
        "featured": False,
        "body": [
            (
                "p",
                (
                    "Buổi đối thoại trực tiếp do Chủ tịch Ủy ban nhân dân xã Vĩnh Tân chủ trì, với sự "
                    "tham gia của Trung tâm Phát triển quỹ đất huyện và Ủy ban Mặt trận Tổ quốc xã. "
                    "Trước đó, các tổ dân vận ở ấp đã gửi phiếu lấy ý kiến đến từng hộ để tổng hợp những "
                    "thắc mắc chủ yếu, nhờ vậy buổi làm việc đi thẳng vào các vấn đề người dân quan tâm."
                ),
            ),
            (
                "image",
                {
                    "key": "vinh-tan-doi-thoai",
                    "caption": (
                        "Quang cảnh buổi đối thoại giữa lãnh đạo xã Vĩnh Tân và các hộ dân có đất bị thu hồi."
                    ),
                    "alt": (
                        "Người dân ngồi kín hội trường nhà văn hóa, "
                        "một người đàn ông đứng cầm micrô phát biểu"
                    ),
                    "palette": "blue",
                    "motif": "meeting",
                },
            ),
            (
                "p",
                (
                    "Các ý kiến tập trung vào đơn giá bồi thường cây trồng, thời gian chi trả và "
                    "điều kiện được nhận nền tái định cư. Đại diện cơ quan chuyên môn đã giải thích "
                    "căn cứ pháp lý của từng khoản; những trường hợp chưa rõ nguồn gốc đất được ghi "
                    "nhận để kiểm tra lại hồ sơ và trả lời bằng văn bản trong vòng 15 ngày làm việc."
                ),
            ),
            (
                "p",
                (
                    "Kết thúc buổi đối thoại, phần lớn hộ dân bày tỏ sự đồng tình với phương án "
                    "chung. Xã cam kết công khai danh sách và số tiền bồi thường của từng hộ "
                    "tại nhà văn hóa ấp, đồng thời duy trì lịch tiếp công dân vào sáng thứ Năm "
                    "hằng tuần để giải đáp những vướng mắc phát sinh trong quá trình thực hiện."
                ),
            ),
        ],
    },
    {
        "slug": "so-ket-thuc-hien-dan-chu-o-co-so-2024",
        "category": "cong-tac-dan-van",
        "title": "Sơ kết một năm thi hành Luật Thực hiện dân chủ ở cơ sở",
        "date": "2024-07-25T14:00",
        "lead": (
            "Sau một năm Luật có hiệu lực, các xã, thị trấn và cơ quan, đơn vị trên địa bàn huyện "
            "Vĩnh Cửu đã đưa việc công khai thông tin, bàn bạc với người dân vào nền nếp hơn."
        ),
        "author": "Trọng Nghĩa",
        "source": "Ban Dân vận Huyện ủy",
        "featured": False,
        "body": [
            (
                "p",
                (
                    "Hội nghị do Ban Chỉ đạo thực hiện quy chế dân chủ ở cơ sở của huyện tổ chức sáng "
                    "24/7. Báo cáo cho biết, từ ngày 1/7/2023 đến nay, các địa phương đã tổ chức hàng trăm "
                    "cuộc họp ấp, khu phố để người dân trực tiếp bàn và quyết định những công việc như làm "
                    "đường giao thông, lắp đèn chiếu sáng, bầu trưởng ấp và xây dựng hương ước, quy ước."
                ),
            ),
            (
                "image",
                {
                    "key": "dan-chu-co-so-so-ket-2024",
                    "caption": "Quang cảnh hội nghị sơ kết một năm thi hành Luật Thực hiện dân chủ ở cơ sở.",
                    "alt": "Bàn chủ tọa phủ khăn đỏ phía trước, đại biểu ngồi nghe báo cáo trong hội trường",
                    "palette": "red",
                    "motif": "meeting",
                },
            ),
            (
                "ul",
                [
                    (
                        "Tất cả xã, thị trấn niêm yết công khai thủ tục hành chính, "
                        "dự toán ngân sách và các khoản đóng góp của Nhân dân."
                    ),
                    "Hơn 90% cơ quan, đơn vị tổ chức hội nghị cán bộ, công chức, viên chức đúng thời hạn.",
                    "Mỗi ấp, khu phố đều có hộp thư góp ý và số điện thoại đường dây nóng của xã.",
                    "Không phát sinh khiếu nại đông người, vượt cấp liên quan đến việc thực hiện dân chủ.",
                ],
            ),
            (
                "p",
                (
                    "Tuy vậy, hội nghị cũng chỉ ra một số hạn chế: có nơi việc công khai còn "
                    "mang tính hình thức, ý kiến của người dân chưa được tổng hợp và phản "
                    "hồi đầy đủ, vai trò giám sát của Ban Thanh tra nhân dân ở vài xã còn mờ "
                    "nhạt. Ban Chỉ đạo yêu cầu các địa phương khắc phục ngay trong sáu tháng "
                    "cuối năm và gắn kết quả với việc đánh giá, xếp loại tổ chức cơ sở."
                ),
            ),
        ],
    },
    {
        "slug": "ho-tro-sinh-ke-dong-bao-cho-ro-xa-phu-ly",
        "category": "dan-toc-ton-giao",
        "title": "Hỗ trợ sinh kế cho đồng bào dân tộc Chơ Ro ở xã Phú Lý",
        "date": "2024-09-10T08:40",
        "lead": (
            "Từ nguồn vốn chương trình mục tiêu quốc gia và sự chung tay của các đoàn thể, 35 hộ đồng "
            "bào dân tộc thiểu số ở xã Phú Lý được nhận bò giống, cây giống và tập huấn kỹ thuật."
        ),
        "author": "Kim Ngân",
        "source": "",
        "featured": False,
        "body": [
            (
                "p",
                (
                    "Xã Phú Lý hiện có gần 400 hộ đồng bào dân tộc thiểu số, đông nhất là "
                    "người Chơ Ro sinh sống tập trung ở ấp Lý Lịch. Những năm gần đây, đời "
                    "sống của bà con đã cải thiện, song vẫn còn một số hộ thiếu đất sản xuất, "
                    "thiếu vốn và chưa quen với cách làm ăn mới. Vì vậy, xã chọn cách hỗ trợ "
                    "bằng sinh kế, kèm theo hướng dẫn kỹ thuật, thay vì chỉ cấp tiền mặt."
                ),
            ),
            (
                "image",
                {
                    "key": "phu-ly-bo-giong",
                    "caption": "Trao bò giống hỗ trợ sinh kế cho hộ đồng bào dân tộc Chơ Ro tại ấp Lý Lịch.",
                    "alt": "Cán bộ xã và người dân đứng cạnh con bò vàng trong sân nhà có hàng rào tre",
                    "palette": "gold",
                    "motif": "people",
                },
            ),
            (
                "p",
                (
                    "Mỗi hộ được chọn nhận một con bò giống hoặc 200 cây điều ghép, kèm hai buổi tập "
                    "huấn về chăm sóc và phòng bệnh. Hội Nông dân và Hội Liên hiệp Phụ nữ xã phân công "
                    "hội viên làm ăn khá giỏi kèm cặp từng hộ trong năm đầu, đồng thời giới thiệu bà "
                    "con vay vốn ưu đãi từ Ngân hàng Chính sách xã hội khi có nhu cầu mở rộng sản xuất."
                ),
            ),
            (
                "p",
                (
                    "Theo lãnh đạo xã, danh sách hỗ trợ được bình xét công khai tại các cuộc "
                    "họp ấp với sự tham gia của người có uy tín trong đồng bào. Cách làm này "
                    "giúp chọn đúng đối tượng, tránh so bì và tạo niềm tin để bà con yên tâm "
                    "thực hiện các chính sách dân tộc của Đảng và Nhà nước trên địa bàn."
                ),
            ),
        ],
    },
    {
        "slug": "dan-van-sau-sap-xep-don-vi-hanh-chinh",
        "category": "tin-hoat-dong",
        "title": "Công tác dân vận tiếp nối sau sắp xếp đơn vị hành chính",
        "date": "2025-08-05T15:30",
        "lead": (
            "Hơn một tháng sau khi chính quyền địa phương hai cấp đi vào hoạt động, các xã mới hình "
            "thành trên địa bàn huyện Vĩnh Cửu cũ tiếp tục giữ nền nếp dân vận ở từng ấp, khu phố."
        ),
        "author": "Bảo Trâm",
        "source": "Đảng ủy xã Trị An",
        "featured": False,
        "body": [
            (
                "p",
                (
                    "Từ ngày 1/7/2025, cấp huyện kết thúc hoạt động; các xã, thị trấn của Vĩnh "
                    "Cửu được sắp xếp lại và trực thuộc thẳng tỉnh Đồng Nai. Xã Trị An mới "
                    "được thành lập trên cơ sở thị trấn Vĩnh An, xã Mã Đà và xã Trị An; xã Tân "
                    "An gồm xã Tân An và xã Vĩnh Tân; xã Phú Lý giữ nguyên. Các xã phía nam "
                    "nay thuộc phường Tân Triều, còn xã Thiện Tân nhập vào phường Trảng Dài."
                ),
            ),
            (
                "image",
                {
                    "key": "tri-an-trung-tam-hanh-chinh-cong",
                    "caption": (
                        "Người dân làm thủ tục tại Trung tâm Phục vụ hành "
                        "chính công xã Trị An trong những ngày đầu vận hành."
                    ),
                    "alt": (
                        "Sảnh tiếp nhận hồ sơ với dãy quầy giao dịch và "
                        "bảng tên xã mới, người dân ngồi chờ trên ghế"
                    ),
                    "palette": "teal",
                    "motif": "building",
                },
            ),
            (
                "p",
                (
                    "Tại xã Trị An, Đảng ủy giao Ban Xây dựng Đảng tham mưu về công tác dân "
                    "vận, còn Ủy ban Mặt trận Tổ quốc xã, nơi các tổ chức chính trị - xã hội "
                    "nay trực thuộc, giữ vai trò nòng cốt trong tập hợp, vận động Nhân dân. "
                    "Các chi bộ ấp vẫn giữ lịch họp dân hằng tháng; họ tên, số điện thoại của "
                    "cán bộ phụ trách từng ấp được niêm yết để người dân liên hệ khi cần."
                ),
            ),
            ("h2", "Giữ nền nếp ở cơ sở"),
            (
                "p",
                (
                    "Theo Đảng ủy xã, trong tháng đầu vận hành, điều người dân quan tâm nhiều "
                    "nhất là nơi nộp hồ sơ, thời gian giải quyết thủ tục và việc cập nhật địa "
                    "chỉ mới trên giấy tờ. Cán bộ và đoàn viên thanh niên được bố trí hướng "
                    "dẫn trực tiếp tại trung tâm phục vụ hành chính công; các phản ánh được "
                    "tổng hợp hằng tuần để xử lý kịp thời, tránh gây phiền hà cho người dân."
                ),
            ),
        ],
    },
    {
        "slug": "chuan-bi-chuong-trinh-dan-van-nam-2027",
        "category": "cong-tac-dan-van",
        "title": "Xã Trị An lấy ý kiến xây dựng chương trình công tác dân vận năm 2027",
        "date": "2026-11-20T09:00",
        "lead": (
            "Dự thảo chương trình được gửi đến các chi bộ, Mặt trận và đoàn thể để góp ý "
            "trước khi trình Ban Chấp hành Đảng bộ xã xem xét, thông qua vào tháng 12."
        ),
        "author": "Phương Linh",
        "source": "Đảng ủy xã Trị An",
        "featured": False,
        "body": [
            (
                "p",
                (
                    "Tại hội nghị sáng 19/11, đại diện các chi bộ ấp, khu phố và các tổ chức chính trị - xã "
                    "hội đã đóng góp nhiều ý kiến cho dự thảo. Phần đánh giá năm 2026 cho thấy việc nắm tình "
                    "hình Nhân dân sau sắp xếp đã dần ổn định, các kênh tiếp nhận phản ánh được duy trì, "
                    "song một số ấp mới ghép còn khó tập hợp thanh niên và lao động trẻ làm việc xa nhà."
                ),
            ),
            (
                "image",
                {
                    "key": "tri-an-gop-y-chuong-trinh-2027",
                    "caption": (
                        "Đại biểu góp ý dự thảo chương trình công tác dân vận năm 2027 của Đảng bộ xã Trị An."
                    ),
                    "alt": (
                        "Một đại biểu nữ đứng phát biểu, màn hình chiếu "
                        "phía sau hiển thị bảng các chỉ tiêu dự kiến"
                    ),
                    "palette": "gold",
                    "motif": "chart",
                },
            ),
            (
                "p",
                (
                    "Theo dự thảo, năm 2027 xã tiếp tục giữ các nhóm chỉ tiêu về tập hợp quần chúng, "
                    "chất lượng sinh hoạt và xếp loại tổ chức cơ sở, đồng thời bổ sung chỉ tiêu về tỷ "
                    "lệ phản ánh của người dân được trả lời đúng hạn. Nhiều ý kiến đề nghị đặt mục tiêu "
                    "cụ thể cho các mô hình “Dân vận khéo” gắn với du lịch sinh thái ven hồ Trị An."
                ),
            ),
            (
                "p",
                (
                    "Ban Xây dựng Đảng được giao tiếp thu, hoàn chỉnh dự thảo trong tháng "
                    "11. Lãnh đạo xã lưu ý chương trình cần ngắn gọn, dễ kiểm tra; mỗi "
                    "chỉ tiêu phải có đơn vị chủ trì và thời hạn báo cáo rõ ràng, tránh "
                    "tình trạng đặt ra nhiều việc nhưng theo dõi không đến nơi đến chốn."
                ),
            ),
        ],
    },
]
