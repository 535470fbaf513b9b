"""`xephang server` as a hall manager starts it: bad configuration is explained, not a traceback."""
import subprocess
import sys

from tests.support import ROOT


def xephang(*args, timeout=20):
    return subprocess.run([sys.executable, "-m", "xephang.cli", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=timeout)


def test_a_bad_config_names_file_key_and_problem_in_both_languages(tmp_path):
    config = tmp_path / "hall.toml"
    config.write_text('[hall]\nname = "Sảnh"\n\n[[services]]\ncode = "DD"\nname = "Đất đai"\nrange = [1001, 1999]\n\n'
                      '[[services]]\ncode = "HT"\nname = "Hộ tịch"\nrange = [1500, 2999]\n\n'
                      '[[counters]]\nnumber = 1\nservices = ["DD"]\n', encoding="utf-8")
    result = xephang("server", "--config", str(config), "--db", str(tmp_path / "h.db"), "--port", "0")
    assert result.returncode == 2
    assert result.stderr == (f"Lỗi cấu hình / Configuration error:\n  {config}\n"
                             "  lĩnh vực thứ 2, khóa range (dòng 12): khoảng số trùng với lĩnh vực DD\n"
                             "  service #2, key range (line 12): the range overlaps service DD\n")
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "h.db").exists()


def test_a_missing_config_file_is_explained(tmp_path):
    result = xephang("server", "--config", str(tmp_path / "nope.toml"), "--port", "0")
    assert result.returncode == 2
    assert "không đọc được tệp" in result.stderr and "cannot read the file" in result.stderr
