"""The hall's TOML file: the shipped ones load; every mistake names the file and the key, in vi and en."""
import pytest

from queue_server.config import DEMO_CONFIG_PATH, ConfigError, load_config, parse_config
from tests.support import TEST_HALL

BASE = TEST_HALL.read_text(encoding="utf-8")


def test_the_demo_hall_has_the_services_of_a_real_one_stop_hall():
    config = load_config(DEMO_CONFIG_PATH)
    names = [s.name for s in config.services]
    assert names == ["Đất đai", "Đăng ký kinh doanh", "Hộ tịch", "Lao động - Thương binh và Xã hội", "Xây dựng",
                     "Chứng thực", "Trả kết quả"]
    assert config.pickup_service.code == "TKQ"
    assert all(config.counters_for(s.code) for s in config.services)


def test_the_test_hall_loads_with_defaults_filled_in():
    config = load_config(TEST_HALL)
    assert [s.code for s in config.services] == ["DD", "HT", "KD", "CT", "TKQ"]
    assert config.service("KD").format_number(7) == "A007"
    assert config.service("DD").format_number(1023) == "1023"
    assert config.hall.transfer_keeps_place is True and config.hall.close_at is None
    assert config.service("DD").daily_cap is None and config.service("DD").hours == ()
    assert config.device("counter-3").counter == 3
    assert config.counters_for("HT") == [1, 3]
    assert config.server.port == 8765


def refusal(text: str) -> ConfigError:
    with pytest.raises(ConfigError) as error:
        parse_config(text.encode(), "/etc/xephang/hall.toml")
    assert error.value.path == "/etc/xephang/hall.toml"
    assert str(error.value).startswith(f"/etc/xephang/hall.toml: {error.value.key}: ")
    return error.value


@pytest.mark.parametrize("old, new, key, vi, en", [
    ('range = [2001, 2999]', 'range = [1500, 2999]', "services[1].range",
     "khoảng số trùng với lĩnh vực DD", "the range overlaps service DD"),
    ('services = ["DD"]', 'services = ["DD", "XX"]', "counters[1].services",
     "lĩnh vực 'XX' không có trong [[services]]", "service 'XX' is not among [[services]]"),
    ('counter = 2\n', '', "devices[7].counter",
     "thiết bị quầy phải ghi số một quầy có trong [[counters]]",
     "a counter device must name a counter listed in [[counters]]"),
    ('hours = ["07:30-11:30", "13:30-17:00"]', 'hours = ["07:30-11:30", "17:00-13:30"]', "services[3].hours",
     "giờ làm việc '17:00-13:30' phải có dạng \"07:30-11:30\"", "opening hours '17:00-13:30' must look like \"07:30-11:30\""),
    ('hours = ["07:30-11:30", "13:30-17:00"]', 'hours = ["7h30-11h30"]', "services[3].hours",
     "giờ làm việc '7h30-11h30' phải có dạng \"07:30-11:30\"", "opening hours '7h30-11h30' must look like \"07:30-11:30\""),
    ('range = [1001, 1999]', 'range = [1001, "1999"]', "services[0].range[1]",
     "cần số nguyên, không phải chuỗi trong ngoặc kép", "expected a whole number, not a string"),
    ('range = [1001, 1999]', 'range = [1001, 1500, 1999]', "services[0].range",
     "cần đúng 2 phần tử, không phải 3", "needs exactly 2 items, not 3"),
    ('max_recalls = 3', 'max_recalls = "3"', "hall.max_recalls",
     "cần số nguyên, không phải chuỗi trong ngoặc kép", "expected a whole number, not a string"),
    ('max_recalls = 3', 'max_recalls = 3\nmax_recall = 3', "hall.max_recall",
     "khóa này không có trong cấu hình (viết sai tên?)", "no such key (a typo?)"),
    ('name = "Đất đai"\n', '', "services[0].name", "thiếu khóa bắt buộc này", "this required key is missing"),
    ('role = "display"', 'role = "screen"', "devices[2].role",
     "giá trị 'screen' không được chấp nhận (chọn: kiosk, counter, display, integration, admin)",
     "'screen' is not an accepted value (one of: kiosk, counter, display, integration, admin)"),
    ('timezone = "Asia/Ho_Chi_Minh"', 'timezone = "Asia/Hanoi"', "hall.timezone",
     "múi giờ không tồn tại: 'Asia/Hanoi'", "unknown time zone: 'Asia/Hanoi'"),
    ('max_recalls = 3', 'max_recalls = 0', "hall.max_recalls",
     "phải lớn hơn hoặc bằng recalls_before_no_show", "must be at least recalls_before_no_show"),
    ('services = ["TKQ"]', 'services = []', "counters[3].services",
     "quầy cần phục vụ ít nhất một lĩnh vực", "a counter needs at least one service"),
    ('prefix = "A"', 'prefix = "A"\nrange = [1, 99]', "services[2]",
     'cần đúng một trong hai: range = [đầu, cuối] hoặc prefix = "A"', 'needs exactly one of range = [first, last] or prefix = "A"'),
    ('code = "HT"', 'code = "DD"', "services[1].code", "mã lĩnh vực 'DD' bị trùng", "duplicate service code 'DD'"),
    ('token = "token-kiosk-2"', 'token = "short"', "devices[1].token",
     "mã bí mật (token) cần ít nhất 8 ký tự", "a token needs at least 8 characters"),
    ('[hall]', '[hall]\nclose_at = "5pm"', "hall.close_at",
     'phải có dạng HH:MM, ví dụ "17:30"', 'must look like HH:MM, e.g. "17:30"'),
])
def test_mistakes_name_the_file_and_the_key(old, new, key, vi, en):
    assert old in BASE
    error = refusal(BASE.replace(old, new, 1))
    assert (error.key, error.vi, error.en) == (key, vi, en)


def test_a_file_that_is_not_toml():
    error = refusal(BASE + "\n[[services]\n")
    assert error.key == "-"
    assert error.vi.startswith("không phải TOML hợp lệ: ") and error.en.startswith("not valid TOML: ")
    assert "line 114" in error.en


def test_a_missing_section():
    error = refusal(BASE.replace("[hall]", "[hal]"))
    assert error.key == "hal"


def test_a_missing_file_is_a_config_error(tmp_path):
    with pytest.raises(ConfigError) as error:
        load_config(tmp_path / "nope.toml")
    assert error.value.path == str(tmp_path / "nope.toml")
    assert error.value.vi.startswith("không đọc được tệp") and error.value.en.startswith("cannot read the file")


def test_the_example_in_docs_configuration_md_loads():
    import re
    doc = (TEST_HALL.parent.parent / "docs" / "configuration.md").read_text(encoding="utf-8")
    example = re.search(r"```toml\n(.*?)```", doc, flags=re.DOTALL).group(1)
    config = parse_config(example.encode(), "docs/configuration.md")
    assert config.hall.close_at == "17:30" and config.service("CT").daily_cap == 200


def test_docs_configuration_md_names_every_key():
    from queue_server.config import CounterConfig, DeviceConfig, HallSection, ServerSection, ServiceConfig
    doc = (TEST_HALL.parent.parent / "docs" / "configuration.md").read_text(encoding="utf-8")
    for section in (HallSection, ServiceConfig, CounterConfig, DeviceConfig, ServerSection):
        for key in section.__struct_fields__:
            assert f"| `{key}` |" in doc, f"{section.__name__}.{key} is not documented"
