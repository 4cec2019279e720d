"""The command line against hostile files and paths: exit 2 with the file and line, never a
traceback, never a file replaced that the user did not ask to replace."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from ftui.cli import main
from ftui.core import paths
from ftui.core.profiles import ProfileStore
from tests.factories import valid_request

DEEP = 100_000


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _import(capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str) -> None:
    source = tmp_path / f"{name}-source.json"
    source.write_text(json.dumps(valid_request()))
    code, _, err = run(capsys, "import", str(source), "--name", name)
    assert code == 0, err


def _hostile_files(folder: Path) -> dict[str, tuple[Path, int]]:
    """name: (file, the line the error must name)."""
    files = {
        "deep.json": ("\n" + '{"a":' * DEEP + "1" + "}" * DEEP, 2),
        "deep.toml": ("schema_version = 1\n[request]\nx = " + "[" * DEEP + "]" * DEEP, 3),
        "dotted.toml": ("schema_version = 1\n[request]\nx" + ".x" * DEEP + " = 1", 3),
        "half.json": ('{\n  "jobName": "\\ud800"\n}', 2),
    }
    out = {}
    for name, (text, line) in files.items():
        path = folder / name
        path.write_text(text)
        out[name] = (path, line)
    return out


def test_validate_refuses_deep_and_half_text_files_with_their_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    for path, line in _hostile_files(tmp_path).values():
        code, out, err = run(capsys, "validate", str(path))
        assert code == 2, err
        assert out.startswith(f"{path}:{line}: "), out
        assert "Traceback" not in out + err


def test_import_refuses_them_and_writes_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    for name, (path, line) in _hostile_files(tmp_path).items():
        code, _, err = run(capsys, "import", str(path), "--name", name.replace(".", "-"))
        assert code == 2 and err.startswith(f"{path}:{line}: "), err
    assert not paths.profiles_dir().exists() or not list(paths.profiles_dir().iterdir())


def test_the_command_itself_ends_without_a_traceback(tmp_path: Path) -> None:
    """In a real process: RecursionError and UnicodeEncodeError used to escape main()."""
    files = _hostile_files(tmp_path)
    for path, line in files.values():
        done = subprocess.run(
            [sys.executable, "-m", "ftui", "validate", str(path)],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr
        assert done.stdout.startswith(f"{path}:{line}: ")


def test_one_deep_profile_breaks_neither_list_nor_suggestions(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    _import(capsys, tmp_path, "support-bot")
    deep = paths.profiles_dir() / "deep.toml"
    deep.write_text(
        "schema_version = 1\n[request]\nhyperParameters = {a = " + "[" * 600 + "]" * 600 + "}\n"
    )
    code, out, err = run(capsys, "profiles", "list")
    assert code == 0
    rows = {line.split()[0]: line for line in out.splitlines()[1:]}
    assert rows["deep"].endswith("unreadable") and rows["support-bot"].endswith("ready")
    assert f"{deep}:3: " in err and "nested more than 64" in err
    code, out, _ = run(capsys, "profiles", "list", "--json")
    assert code == 0 and {r["name"]: r["state"] for r in json.loads(out)} == {
        "deep": "unreadable",
        "support-bot": "valid",
    }
    code, _, err = run(capsys, "submit", "support-bo", "--dry-run")
    assert code == 2 and "did you mean 'support-bot'?" in err
    code, out, _ = run(capsys, "submit", "support-bot", "--dry-run")
    assert code == 0 and json.loads(out)["jobName"] == valid_request()["jobName"]
    code, out, _ = run(capsys, "validate", "deep")
    assert code == 2 and out.startswith(f"{deep}:3: ")


# --- export -o -------------------------------------------------------------------------------


def test_export_streams_into_a_fifo_without_replacing_it(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    _import(capsys, tmp_path, "bot")
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()
    code, _, err = run(capsys, "export", "bot", "-o", str(fifo))
    reader.join(timeout=10)
    assert code == 0, err
    assert json.loads(got[0]) == valid_request()
    assert stat.S_ISFIFO(fifo.stat().st_mode), "the FIFO is still a FIFO"


def test_export_to_a_device_and_to_dash(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    _import(capsys, tmp_path, "bot")
    code, _, err = run(capsys, "export", "bot", "-o", "/dev/null")
    assert code == 0 and "wrote /dev/null" in err
    assert stat.S_ISCHR(Path("/dev/null").stat().st_mode)
    code, out, _ = run(capsys, "export", "bot", "-o", "-")
    assert code == 0 and json.loads(out) == valid_request()
    assert not Path("-").exists()


def test_export_to_a_process_substitution(tmp_path: Path) -> None:
    """What `ftui export bot -o >(cmd)` hands ftui: /dev/fd/N, a pipe."""
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])}
    source = tmp_path / "a.json"
    source.write_text(json.dumps(valid_request()))
    subprocess.run(
        [sys.executable, "-m", "ftui", "import", str(source), "--name", "bot"],
        check=True,
        env=env,
        capture_output=True,
    )
    read_end, write_end = os.pipe()
    with subprocess.Popen(
        [sys.executable, "-m", "ftui", "export", "bot", "-o", f"/dev/fd/{write_end}"],
        pass_fds=(write_end,),
        env=env,
        stderr=subprocess.PIPE,
    ) as child:
        os.close(write_end)
        with os.fdopen(read_end, "rb") as pipe:
            data = pipe.read()
        assert child.wait(timeout=60) == 0
    assert json.loads(data) == valid_request()


def test_export_names_what_is_in_the_way(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    _import(capsys, tmp_path, "bot")
    afile = tmp_path / "afile"
    afile.write_text("precious")
    code, _, err = run(capsys, "export", "bot", "-o", str(afile / "out.json"))
    assert code == 2 and f"{afile} is a file, not a folder" in err and "--force" not in err
    code, _, err = run(capsys, "export", "bot", "-o", str(tmp_path / "nope" / "out.json"))
    assert code == 2 and f"the folder {tmp_path / 'nope'} does not exist" in err
    code, _, err = run(capsys, "export", "bot", "-o", str(tmp_path), "--force")
    assert code == 2 and "it is a folder" in err
    code, _, err = run(capsys, "export", "bot", "-o", str(afile))
    assert code == 2 and "pass --force to replace it" in err
    assert afile.read_text() == "precious"
    code, _, err = run(capsys, "export", "bot", "-o", str(afile), "--force")
    assert code == 0 and f"replaced {afile}" in err
    assert json.loads(afile.read_text()) == valid_request()


# --- names, regions, messages ------------------------------------------------------------------


def test_a_name_ending_in_toml_is_refused_and_validate_says_what_it_means(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    source = tmp_path / "f.json"
    source.write_text(json.dumps(valid_request()))
    code, _, err = run(capsys, "import", str(source), "--name", "x.toml")
    assert code == 2 and "leave out .toml, and say 'x'" in err
    assert not list(paths.profiles_dir().glob("*")) if paths.profiles_dir().exists() else True
    assert run(capsys, "import", str(source), "--name", "x")[0] == 0
    code, _, _ = run(capsys, "validate", "x")
    assert code == 0
    code, out, _ = run(capsys, "validate", "x.toml")  # a path: ./x.toml, which is not there
    assert code == 2 and out.strip() == (
        "x.toml: no such file; to check the profile 'x': ftui validate x"
    )
    Path("x.toml").write_text(ProfileStore.default().path_for("x").read_text())
    code, _, _ = run(capsys, "validate", "x.toml")  # there now: that file is checked
    assert code == 0


def test_a_profile_whose_region_is_not_a_region_is_an_error_with_its_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    _import(capsys, tmp_path, "bot")
    path = ProfileStore.default().path_for("bot")
    text = path.read_text().replace(
        "schema_version = 1\n", 'schema_version = 1\nregion = "us east 1"\n'
    )
    path.write_text(text)
    line = text.splitlines().index('region = "us east 1"') + 1
    code, out, _ = run(capsys, "validate", "bot")
    assert code == 2
    assert (
        out.strip()
        == f"{path}:{line}: region 'us east 1' is not an AWS region name such as us-east-1"
    )
    source = tmp_path / "a.json"
    source.write_text(json.dumps(valid_request()))
    with pytest.raises(SystemExit) as refused:  # argparse refuses --region itself
        run(capsys, "import", str(source), "--name", "r", "--region", "us east 1")
    err = capsys.readouterr().err
    assert refused.value.code == 2 and "'us east 1' is not an AWS region name" in err


def test_import_over_an_existing_profile_says_to_pass_force(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    _import(capsys, tmp_path, "bot")
    source = tmp_path / "bot-source.json"
    code, _, err = run(capsys, "import", str(source), "--name", "bot")
    assert code == 2 and "already exists: pass --force to replace it" in err
    code, _, err = run(capsys, "profiles", "duplicate", "bot", "bot")
    assert code == 2 and "already exists" in err and "--force" not in err


def test_a_job_file_with_an_odd_arn_is_imported_without_a_region(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    job = tmp_path / "job.json"
    job.write_text(json.dumps({"jobArn": "not-an-arn", "status": "InProgress", "jobName": "j"}))
    code, _, err = run(capsys, "import", str(job), "--name", "j")
    assert code == 0, err
    assert ProfileStore.default().load("j").region is None


def test_a_config_folder_whose_name_is_not_utf8_prints_through_a_strict_pipe(
    tmp_path: Path,
) -> None:
    """Its path is printed back as the bytes it is made of, never a UnicodeEncodeError."""
    folder = os.fsencode(tmp_path) + b"/config-\xff"
    (Path(os.fsdecode(folder)) / "profiles").mkdir(parents=True)
    source = tmp_path / "request.json"
    source.write_text(json.dumps(valid_request()))
    env = {**os.environ, "FTUI_CONFIG_DIR": os.fsdecode(folder), "PYTHONIOENCODING": "utf-8:strict"}
    ftui = [sys.executable, "-m", "ftui.cli.main"]
    subprocess.run(
        [*ftui, "import", str(source), "--name", "bot"], env=env, check=True, capture_output=True
    )
    shown = subprocess.run(
        [*ftui, "profiles", "show", "bot"], env=env, capture_output=True, check=False, timeout=60
    )
    assert shown.returncode == 0, shown.stderr.decode(errors="replace")
    assert b"config-\xff" in shown.stdout and b"Traceback" not in shown.stderr
