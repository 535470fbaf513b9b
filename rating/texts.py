"""Every fixed text the rating tablet shows, Vietnamese first, English second."""
from queue_protocol.text import Text

WELCOME = Text("Xin kính chào quý công dân", "Welcome")
SERVING = Text("Đang phục vụ số", "Now serving")
CLERK = Text("Cán bộ tiếp nhận", "Your clerk")
RATE_HINT = Text("Sau khi được phục vụ, xin mời đánh giá trên màn hình này",
                 "When you have been served, please rate us on this screen")
NUMBER = Text("Số thứ tự", "Number")
CHOOSE_ONE = Text("Chạm vào một lựa chọn", "Touch one choice")
WHY = Text("Ông/bà chưa hài lòng về điều gì?", "What were you not satisfied with?")
CHOOSE_ANY = Text("Chọn một hoặc nhiều ý, rồi bấm Gửi", "Choose one or more, then touch Send")
SEND = Text("Gửi đánh giá", "Send")
THANKS = Text("Xin cảm ơn ông/bà!", "Thank you!")
THANKS_MORE = Text("Ý kiến của ông/bà giúp chúng tôi phục vụ tốt hơn.", "Your opinion helps us serve you better.")
OFFLINE = Text("Mất kết nối máy chủ: đánh giá vẫn được ghi lại và gửi khi có kết nối",
               "No connection to the server: ratings are kept and sent when it returns")
CONNECTING = Text("Đang kết nối máy chủ…", "Connecting to the server…")
REFUSED = Text("Máy chủ từ chối thiết bị này: kiểm tra mã thiết bị và token.",
               "The server refused this device: check the device id and token.")
