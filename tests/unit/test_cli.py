import subprocess
import sys


def test_concord_command_lists_our_verbs_and_djangos():
    out = subprocess.run(
        [sys.executable, "-m", "concord.cli", "help"], capture_output=True, text=True, check=True
    ).stdout
    assert "concord_import" in out
    assert "migrate" in out
