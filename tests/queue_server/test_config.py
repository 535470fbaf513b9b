"""The hall's TOML file: the shipped ones load; every mistake names the file, the entry and key in words and
the line, in vi and en."""
import re
from datetime import time

import pytest

from queue_server.config import DEMO_CONFIG_PATH, ConfigError, PersonalDataSection, load_config, parse_config
from tests.support import TEST_HALL

BASE = TEST_HALL.read_text(encoding="utf-8")


def test_the_demo_hall_has_the_services_of_a_real_one_stop_hall():
    config = load_config(DEMO_CONFIG_PATH)
    names = [s.name for s in config.services]
    assert names == ["Đất đai", "Đăng ký hộ kinh doanh", "Hộ tịch", "Người có công và bảo trợ xã hội", "Xây dựng",
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
    assert str(error.value) == f"/etc/xephang/hall.toml\n  {error.value.text.vi}\n  {error.value.text.en}"
    return error.value


# (in tests/hall.toml: old -> new, the Vietnamese and the English message); entries counted from 1, lines too
MISTAKES = [
    ('range = [2001, 2999]', 'range = [1500, 2999]',
     "lĩnh vực thứ 2, khóa range (dòng 21): khoảng số trùng với lĩnh vực DD",
     "service #2, key range (line 21): the range overlaps service DD"),
    ('services = ["DD"]', 'services = ["DD", "XX"]',
     "quầy thứ 2, khóa services (dòng 50): lĩnh vực 'XX' không có trong [[services]]",
     "counter #2, key services (line 50): service 'XX' is not among [[services]]"),
    ('counter = 2\n', '',
     "thiết bị thứ 8, khóa counter (dòng 96): thiết bị quầy phải ghi số một quầy có trong [[counters]]",
     "device #8, key counter (line 96): a counter device must name a counter listed in [[counters]]"),
    ('hours = ["07:30-11:30", "13:30-17:00"]', 'hours = ["07:30-11:30", "17:00-13:30"]',
     "lĩnh vực thứ 4, khóa hours, phần tử thứ 2 (dòng 34): giờ làm việc '17:00-13:30': giờ mở phải trước giờ đóng",
     "service #4, key hours, item #2 (line 34): opening hours '17:00-13:30': opening must come before closing"),
    ('hours = ["07:30-11:30", "13:30-17:00"]', 'hours = ["7h30-11h30"]',
     'lĩnh vực thứ 4, khóa hours, phần tử thứ 1 (dòng 34): giờ làm việc \'7h30-11h30\' phải có dạng "07:30-11:30"',
     'service #4, key hours, item #1 (line 34): opening hours \'7h30-11h30\' must look like "07:30-11:30"'),
    ('range = [1001, 1999]', 'range = [1001, "1999"]',
     "lĩnh vực thứ 1, khóa range, phần tử thứ 2 (dòng 15): cần số nguyên, không phải chuỗi trong ngoặc kép",
     "service #1, key range, item #2 (line 15): expected a whole number, not a string"),
    ('range = [1001, 1999]', 'range = [1001, 1500, 1999]',
     "lĩnh vực thứ 1, khóa range (dòng 15): cần đúng 2 phần tử, không phải 3",
     "service #1, key range (line 15): needs exactly 2 items, not 3"),
    ('range = [1001, 1999]', 'range = [0, 1999]',
     "lĩnh vực thứ 1, khóa range, phần tử thứ 1 (dòng 15): phải từ 1 trở lên",
     "service #1, key range, item #1 (line 15): must be 1 or more"),
    ('range = [1001, 1999]', 'range = [1999, 1001]',
     "lĩnh vực thứ 1, khóa range (dòng 15): khoảng số phải là [đầu, cuối] với đầu <= cuối",
     "service #1, key range (line 15): the range must be [first, last] with first <= last"),
    ('max_recalls = 3', 'max_recalls = "3"',
     "[hall], khóa max_recalls (dòng 9): cần số nguyên, không phải chuỗi trong ngoặc kép",
     "[hall], key max_recalls (line 9): expected a whole number, not a string"),
    ('max_recalls = 3', 'max_recalls = 3\nmax_recall = 3',
     "[hall], khóa max_recall (dòng 10): khóa này không có trong cấu hình (viết sai tên?)",
     "[hall], key max_recall (line 10): no such key (a typo?)"),
    ('name = "Đất đai"\n', '',
     "lĩnh vực thứ 1, khóa name (dòng 11): thiếu khóa bắt buộc này",
     "service #1, key name (line 11): this required key is missing"),
    ('role = "display"', 'role = "screen"',
     "thiết bị thứ 3, khóa role (dòng 72): giá trị 'screen' không được chấp nhận "
     "(chọn: kiosk, counter, display, integration, admin, rating)",
     "device #3, key role (line 72): 'screen' is not an accepted value "
     "(one of: kiosk, counter, display, integration, admin, rating)"),
    ('timezone = "Asia/Ho_Chi_Minh"', 'timezone = "Asia/Hanoi"',
     "[hall], khóa timezone (dòng 5): múi giờ không tồn tại: 'Asia/Hanoi'",
     "[hall], key timezone (line 5): unknown time zone: 'Asia/Hanoi'"),
    ('max_recalls = 3', 'max_recalls = 0',
     "[hall], khóa max_recalls (dòng 9): phải lớn hơn hoặc bằng recalls_before_no_show",
     "[hall], key max_recalls (line 9): must be at least recalls_before_no_show"),
    ('max_recalls = 3', 'max_recalls = -1',
     "[hall], khóa max_recalls (dòng 9): phải từ 0 trở lên", "[hall], key max_recalls (line 9): must be 0 or more"),
    ('priority_in_row = 2', 'priority_in_row = 0',
     "[hall], khóa priority_in_row (dòng 7): phải từ 1 trở lên",
     "[hall], key priority_in_row (line 7): must be 1 or more"),
    ('[hall]', '[hall]\nclose_at = "5pm"',
     "[hall], khóa close_at (dòng 3): giờ '5pm' phải có dạng HH:MM, ví dụ \"17:30\"",
     "[hall], key close_at (line 3): time '5pm' must look like HH:MM, e.g. \"17:30\""),
    ('services = ["TKQ"]', 'services = []',
     "quầy thứ 4, khóa services (dòng 58): không được để trống",
     "counter #4, key services (line 58): must not be empty"),
    ('number = 3', 'number = 1',
     "quầy thứ 3, khóa number (dòng 53): số quầy 1 bị trùng",
     "counter #3, key number (line 53): counter number 1 is repeated"),
    ('number = 3', 'number = 0',
     "quầy thứ 3, khóa number (dòng 53): phải từ 1 trở lên", "counter #3, key number (line 53): must be 1 or more"),
    ('prefix = "A"', 'prefix = "A"\nrange = [1, 99]',
     'lĩnh vực thứ 3 (dòng 23): cần đúng một trong hai: range = [đầu, cuối] hoặc prefix = "A"',
     'service #3 (line 23): needs exactly one of range = [first, last] or prefix = "A"'),
    ('prefix = "A"', 'prefix = "a1"',
     "lĩnh vực thứ 3, khóa prefix (dòng 27): tiền tố 'a1' phải là 1 đến 3 chữ in hoa",
     "service #3, key prefix (line 27): prefix 'a1' must be 1 to 3 capital letters"),
    ('prefix = "A"', 'prefix = "A"\ndigits = 7',
     "lĩnh vực thứ 3, khóa digits (dòng 28): phải từ 6 trở xuống",
     "service #3, key digits (line 28): must be 6 or less"),
    ('code = "HT"', 'code = "DD"',
     "lĩnh vực thứ 2, khóa code (dòng 18): mã lĩnh vực 'DD' bị trùng",
     "service #2, key code (line 18): duplicate service code 'DD'"),
    ('code = "HT"', 'code = "ht"',
     "lĩnh vực thứ 2, khóa code (dòng 18): mã lĩnh vực 'ht' chỉ được gồm chữ in hoa, số và _ (tối đa 10 ký tự)",
     "service #2, key code (line 18): service code 'ht': capital letters, digits and _ only (at most 10)"),
    ('name_en = "Results pickup"', 'name_en = "Results pickup"\ndaily_cap = 0',
     "lĩnh vực thứ 5, khóa daily_cap (dòng 41): phải từ 1 trở lên",
     "service #5, key daily_cap (line 41): must be 1 or more"),
    ('name_en = "Land"', 'name_en = "Land"\ndefault_service_s = 0',
     "lĩnh vực thứ 1, khóa default_service_s (dòng 15): phải từ 1 trở lên",
     "service #1, key default_service_s (line 15): must be 1 or more"),
    ('priority_allowed = false', 'priority_allowed = false\npickup = true',
     "lĩnh vực thứ 5, khóa pickup (dòng 43): chỉ một lĩnh vực được đặt pickup = true, đã có CT",
     "service #5, key pickup (line 43): only one service may have pickup = true, and CT has it"),
    ('id = "kiosk-2"', 'id = "kiosk-1"',
     "thiết bị thứ 2, khóa id (dòng 66): thiết bị 'kiosk-1' bị trùng",
     "device #2, key id (line 66): duplicate device 'kiosk-1'"),
    ('token = "token-kiosk-2"', 'token = "short"',
     "thiết bị thứ 2, khóa token (dòng 68): cần ít nhất 8 ký tự",
     "device #2, key token (line 68): needs at least 8 characters"),
    ('token = "token-kiosk-2"', 'token = "' + "t" * 257 + '"',
     "thiết bị thứ 2, khóa token (dòng 68): tối đa 256 ký tự",
     "device #2, key token (line 68): at most 256 characters"),
    ('[hall]', '[server]\nport = 70000\n\n[hall]',
     "[server], khóa port (dòng 3): phải từ 65535 trở xuống", "[server], key port (line 3): must be 65535 or less"),
    ('[hall]', '[hal]', "khóa hal (dòng 2): khóa này không có trong cấu hình (viết sai tên?)",
     "key hal (line 2): no such key (a typo?)"),
]


@pytest.mark.parametrize("old, new, vi, en", MISTAKES)
def test_mistakes_name_the_entry_the_key_and_the_line(old, new, vi, en):
    assert old in BASE
    error = refusal(BASE.replace(old, new, 1))
    assert (error.text.vi, error.text.en) == (vi, en)
    assert error.line == int(en.partition("(line ")[2].partition(")")[0])


CLERK = '[[clerks]]\nid = "lan"\nname = "Nguyễn Thị Lan"\npin_hash = "$argon2id$x"\n'


@pytest.mark.parametrize("extra, en", [
    (CLERK.replace('"lan"', '"Lan"'), "clerk #1, key id (line {line}): clerk id 'Lan': lowercase letters, digits, "
                                      ". _ - only (at most 32)"),
    (CLERK.replace('"$argon2id$x"', '"2468"'), "clerk #1, key pin_hash (line {line}): not a hash made by "
                                               "`xephang hash-password`"),
    (CLERK.replace('"Nguyễn Thị Lan"', '""'), "clerk #1, key name (line {line}): must not be empty"),
    (CLERK + CLERK, "clerk #2, key id (line {line}): duplicate clerk id 'lan'"),
    ('[[devices]]\nid = "rating-9"\nrole = "rating"\ntoken = "token-rating-9"\n',
     "device #{device}, key counter (line {line}): a rating tablet must name a counter listed in [[counters]]"),
    ('[rating]\ntimeout_s = 2\n', "[rating], key timeout_s (line {line}): must be 5 or more"),
    ('[rating]\nlevels = [{code = "ok", name = "Được"}]\n',
     "[rating], key levels (line {line}): needs at least 2 items"),
    ('[rating]\nreasons = [{code = "a", name = "A"}, {code = "a", name = "B"}]\n',
     "[rating], key reasons, item #2 (line {line}): duplicate code 'a'"),
])
def test_clerk_and_rating_mistakes_name_the_entry_and_the_key(extra, en):
    error = refusal(BASE + "\n" + extra)
    assert error.text.en == en.format(line=error.line, device=BASE.count("[[devices]]") + 1)
    assert error.line > BASE.count("\n") and error.text.vi


def test_a_clerks_photo_is_found_beside_the_file(tmp_path):
    from tests.support import hall_with_clerks
    config = load_config(hall_with_clerks(tmp_path))
    assert config.clerk("lan").photo == str(tmp_path / "lan.png") and config.clerk("hung").photo is None
    (tmp_path / "lan.png").unlink()
    with pytest.raises(ConfigError) as error:
        load_config(tmp_path / "hall-clerks.toml")
    assert error.value.text.en.startswith("clerk #1, key photo (line ") and "no photo file" in error.value.text.en


def test_a_line_that_only_looks_like_a_table_is_not_counted():
    """A multi-line string may hold "[[services]]" or "name = ...": the lines are those of the real entries."""
    text = BASE.replace('footer = "Xin cảm ơn quý công dân!"',
                        'footer = """Xin cảm ơn!\n[[services]]\nname = "x"\n"""', 1).replace(
                        'hours = ["07:30-11:30", "13:30-17:00"]', 'hours = [\n  "07:30-11:30",\n  "7h30",\n]', 1)
    error = refusal(text)
    assert error.text.en == ("service #4, key hours, item #2 (line 37): "
                             'opening hours \'7h30\' must look like "07:30-11:30"')
    assert text.splitlines()[36] == "hours = ["


def test_a_file_that_is_not_toml():
    error = refusal(BASE + "\n[[services]\n")
    line = BASE.count("\n") + 2  # the broken header, after the file and a blank line
    assert error.text.vi == (f"dòng {line}, cột 11: không phải TOML hợp lệ "
                             "(Expected ']]' at the end of an array declaration)")
    assert error.text.en == f"line {line}, column 11: not valid TOML (Expected ']]' at the end of an array declaration)"
    assert error.line == line


def test_opening_hours_are_parsed_once_at_load():
    service = load_config(TEST_HALL).service("CT")
    assert service.open_periods == ((time(7, 30), time(11, 30)), (time(13, 30), time(17, 0)))
    assert service.open_periods is service.open_periods
    assert service.is_open_at(time(7, 30)) and not service.is_open_at(time(11, 30))
    assert load_config(TEST_HALL).service("DD").is_open_at(time(23, 59))


def test_a_missing_file_is_a_config_error(tmp_path):
    with pytest.raises(ConfigError) as error:
        load_config(tmp_path / "nope.toml")
    assert error.value.path == str(tmp_path / "nope.toml")
    assert error.value.text.vi.startswith("không đọc được tệp")
    assert error.value.text.en.startswith("cannot read the file")


def test_the_example_in_docs_configuration_md_loads():
    doc = (TEST_HALL.parent.parent / "docs" / "configuration.md").read_text(encoding="utf-8")
    example = re.search(r"```toml\n(.*?)```", doc, flags=re.DOTALL).group(1)
    config = parse_config(example.encode(), "docs/configuration.md")
    assert config.hall.close_at == "17:30" and config.service("CT").daily_cap == 200


def test_docs_configuration_md_names_every_key():
    from queue_server.config import (
        ClerkConfig,
        CounterConfig,
        DeviceConfig,
        DeviceLimitsSection,
        FairShareSection,
        HallSection,
        PersonalDataSection,
        PriorityCategoryConfig,
        RatingSection,
        ServerSection,
        ServiceConfig,
    )
    doc = (TEST_HALL.parent.parent / "docs" / "configuration.md").read_text(encoding="utf-8")
    for section in (HallSection, ServiceConfig, CounterConfig, DeviceConfig, ServerSection, ClerkConfig,
                    RatingSection, PriorityCategoryConfig, PersonalDataSection, FairShareSection, DeviceLimitsSection):
        for key in section.__struct_fields__:
            assert f"| `{key}` |" in doc, f"{section.__name__}.{key} is not documented"


def test_the_error_shown_in_docs_configuration_md_is_the_one_the_server_prints():
    doc = (TEST_HALL.parent.parent / "docs" / "configuration.md").read_text(encoding="utf-8")
    shown = re.search(r"## Errors\n.*?```\n(.*?)```", doc, flags=re.DOTALL).group(1)
    error = refusal(BASE.replace('range = [2001, 2999]', 'range = [1500, 2999]', 1))
    assert shown == f"Lỗi cấu hình / Configuration error:\n  {error}\n"


def test_without_a_list_the_hall_has_the_priority_categories_the_law_protects():
    config = load_config(TEST_HALL)
    assert [(c.code, c.name, c.from_age) for c in config.priority_categories] == [
        ("elderly", "Người cao tuổi", 60), ("disability", "Người khuyết tật", None),
        ("pregnant", "Phụ nữ mang thai", None), ("young_child", "Người nuôi con nhỏ", None),
        ("merit", "Người có công với cách mạng", None)]
    assert config.fair_share.tickets_per_day is None and config.fair_share.tickets_per_service is None
    assert config.personal_data.retention_days == 30 and config.personal_data.secret_file == ""


def test_a_hall_lists_its_own_categories_limits_and_retention():
    config = parse_config((BASE + """
[[priority_categories]]
code = "elderly"
name = "Người cao tuổi"
name_en = "Older person"
from_age = 65

[[priority_categories]]
code = "veteran"
name = "Cựu chiến binh"

[fair_share]
tickets_per_day = 3
tickets_per_service = 1

[personal_data]
secret_file = "/etc/xephang/hall.key"
retention_days = 15
""").encode())
    assert [(c.code, c.from_age) for c in config.priority_categories] == [("elderly", 65), ("veteran", None)]
    assert (config.fair_share.tickets_per_day, config.fair_share.tickets_per_service) == (3, 1)
    assert config.personal_data == PersonalDataSection("/etc/xephang/hall.key", 15)


CATEGORY = '\n[[priority_categories]]\ncode = "elderly"\nname = "Người cao tuổi"\n'


@pytest.mark.parametrize("extra, vi, en", [
    (CATEGORY + CATEGORY, "đối tượng ưu tiên thứ 2, khóa code (dòng {L6}): mã đối tượng 'elderly' bị trùng",
     "priority category #2, key code (line {L6}): duplicate category code 'elderly'"),
    (CATEGORY.replace("elderly", "Cao tuổi"),
     "đối tượng ưu tiên thứ 1, khóa code (dòng {L2}): mã 'Cao tuổi' chỉ được gồm chữ thường không dấu, "
     "số và _ (tối đa 32 ký tự)",
     "priority category #1, key code (line {L2}): code 'Cao tuổi': lowercase letters, "
     "digits and _ only (at most 32)"),
    (CATEGORY + "from_age = 200\n", "đối tượng ưu tiên thứ 1, khóa from_age (dòng {L4}): phải từ 150 trở xuống",
     "priority category #1, key from_age (line {L4}): must be 150 or less"),
    ("\n[fair_share]\ntickets_per_day = 0\n", "[fair_share], khóa tickets_per_day (dòng {L2}): phải từ 1 trở lên",
     "[fair_share], key tickets_per_day (line {L2}): must be 1 or more"),
    ("\n[personal_data]\nretention_day = 30\n",
     "[personal_data], khóa retention_day (dòng {L2}): khóa này không có trong cấu hình (viết sai tên?)",
     "[personal_data], key retention_day (line {L2}): no such key (a typo?)"),
])
def test_mistakes_in_categories_limits_and_retention(extra, vi, en):
    lines = {f"L{n}": BASE.count("\n") + 1 + n for n in (2, 4, 6)}  # counted from the end of the test hall
    error = refusal(BASE + extra)
    assert (error.text.vi, error.text.en) == (vi.format(**lines), en.format(**lines))
